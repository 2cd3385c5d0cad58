// Independent check of a Consent Studio output with @trustnxt/c2pa-ts (pure TypeScript).
//
//   node verify.mjs FILE ROOT_PEM
//
// Prints one JSON object: c2pa-ts's validation (valid + status codes), the assertion
// labels of the active manifest, and a separate chain check (c2pa-ts's "trusted" only
// means the certificate profile passed): every certificate in the manifest's x5chain
// must be signed by the next one, and the last must be signed by ROOT_PEM.
// Exit code 0 when valid and chained to the root, 1 otherwise, 2 on usage errors.
import * as fs from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

const [file, rootPath] = process.argv.slice(2);
if (!file || !rootPath) {
    console.error('usage: node verify.mjs FILE ROOT_PEM');
    process.exit(2);
}

const out = { file, valid: false, codes: [], errors: [], assertions: [], chain_to_root: false, chain: [], signer: null };
const buf = new Uint8Array(await fs.readFile(file));
const asset = JPEG.canRead(buf) ? new JPEG(buf) : PNG.canRead(buf) ? new PNG(buf) : null;
if (!asset) {
    out.errors.push('not a JPEG or PNG file');
} else {
    const jumbf = asset.getManifestJUMBF();
    if (!jumbf) {
        out.errors.push('no C2PA manifest');
    } else {
        let result;
        let manifest;
        try {
            const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
            manifest = store.getActiveManifest();
            result = await store.validate(asset);
        } catch (e) {
            result = ValidationResult.fromError(e);
        }
        out.valid = result.isValid;
        out.codes = result.statusEntries.map((s) => s.code);
        out.errors = result.statusEntries.filter((s) => !s.success).map((s) => `${s.code}: ${s.explanation ?? ''}`);
        out.assertions = manifest?.assertions?.assertions?.map((a) => a.fullLabel ?? a.label) ?? [];
        const sig = manifest?.signature?.signatureData;
        if (sig?.certificate) {
            const root = new X509Certificate(await fs.readFile(rootPath));
            const certs = [sig.certificate, ...sig.chainCertificates].map((c) => new X509Certificate(Buffer.from(c.rawData)));
            out.signer = certs[0].subject;
            out.chain = certs.map((c) => c.subject);
            let ok = certs.length > 0;
            for (let i = 0; i < certs.length && ok; i++) {
                const issuer = i + 1 < certs.length ? certs[i + 1] : root;
                // The root may be carried in the chain: then it must be our root itself.
                if (i + 1 === certs.length && certs[i].fingerprint256 === root.fingerprint256) {
                    ok = root.verify(root.publicKey);
                    break;
                }
                ok = certs[i].checkIssued(issuer) && certs[i].verify(issuer.publicKey);
            }
            out.chain_to_root = ok;
        }
    }
}
console.log(JSON.stringify(out));
process.exit(out.valid && out.chain_to_root ? 0 : 1);
