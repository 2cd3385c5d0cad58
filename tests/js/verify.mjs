// Independent check of a Consent Studio output with @trustnxt/c2pa-ts (pure TypeScript).
//
//   node verify.mjs FILE ROOT_PEM
//
// Prints one JSON object: c2pa-ts's validation (valid + status codes), the assertion
// labels of the active manifest, and a separate chain check (c2pa-ts's "trusted" only
// means the certificate profile passed): every certificate in the manifest's x5chain
// must be signed by the next one, and the last must be signed by ROOT_PEM.
// Exit code 0 when valid and chained to the root, 1 otherwise, 2 on usage errors.
//
// RFC 3161 time-stamps: C2PA 2.x stores a v2 time-stamp (sigTst2) as the TimeStampToken
// (a CMS ContentInfo), which c2pa-rs writes; c2pa-ts 0.9.4 parses only a whole
// TimeStampResp there and rejects the signature ("Failed to deserialize signature
// content"), a bug fixed upstream (TrustNXT/c2pa-ts#546, not yet on the registry). Such a
// token is wrapped, in memory, in a TimeStampResp with status "granted" before c2pa-ts
// reads the store; c2pa-ts then checks the time-stamp itself (message imprint over the
// signature, the TSA's CMS signature). Each wrap is listed in "shims". The wrap touches
// only the signature's unprotected header, which no hash in the manifest covers.
import * as fs from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

function wrapTimeStampTokens(box, shims) {
    if (box.descriptionBox?.label === 'c2pa.signature') {
        const unprotected = box.contentBoxes?.[0]?.content?.[1];
        for (const key of ['sigTst', 'sigTst2']) {
            for (const token of unprotected?.[key]?.tstTokens ?? []) {
                try {
                    pkijs.TimeStampResp.fromBER(token.val);
                    continue; // already a TimeStampResp
                } catch {
                    /* a bare TimeStampToken: wrap it below */
                }
                const resp = new pkijs.TimeStampResp({
                    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
                    timeStampToken: pkijs.ContentInfo.fromBER(token.val),
                });
                token.val = new Uint8Array(resp.toSchema().toBER());
                shims.push(`${key}: TimeStampToken wrapped in a TimeStampResp for c2pa-ts 0.9.4`);
            }
        }
    }
    for (const child of box.contentBoxes ?? []) if (child instanceof SuperBox) wrapTimeStampTokens(child, shims);
}

const [file, rootPath] = process.argv.slice(2);
if (!file || !rootPath) {
    console.error('usage: node verify.mjs FILE ROOT_PEM');
    process.exit(2);
}

const out = { file, valid: false, codes: [], errors: [], assertions: [], chain_to_root: false, chain: [], signer: null,
    time_stamp: null, shims: [] };
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
            const superBox = SuperBox.fromBuffer(jumbf);
            wrapTimeStampTokens(superBox, out.shims);
            const store = ManifestStore.read(superBox);
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
        out.time_stamp = sig?.timestamp ? sig.timestamp.toISOString() : null;
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
