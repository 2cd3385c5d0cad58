"""The talent page's HTML: plain, phone-friendly, accessible, no framework (pure functions)."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from consent.records import ConsentGrant

_PURPOSES = {
    "film_reshoot": "Film reshoots", "advertising": "Advertising", "virtual_influencer": "A virtual influencer",
    "art": "Art", "editorial": "Editorial (news, magazines)", "education": "Education", "personal": "Personal use",
    "research": "Research",
}
_OPERATIONS = {
    "likeness_generation": "make new images that look like {you}",
    "footage_edit": "edit existing footage of {you}",
    "face_replacement": "put {your} face on another body",
}
#: Who signs a draft, as its reader reads it (the signing page): the person, and each representative.
_SIGNERS = {"self": "the person shown", "guardian": "their guardian", "estate": "their estate", "agent": "their agent"}
_MEDIA = {"still_image": "still images", "video": "video", "social_media": "social media", "print": "print",
          "broadcast": "TV and radio", "web": "websites", "cinema": "cinema", "out_of_home": "billboards and posters"}
_RESTRICTIONS = {
    "no_nudity": "no nudity", "no_sexual_content": "no sexual content", "no_politics": "no politics",
    "no_endorsements": "no product endorsements", "no_violence": "no violence",
    "no_alcohol_tobacco": "no alcohol or tobacco", "no_drugs": "no drugs", "no_religion": "no religion",
    "no_gambling": "no gambling",
}
_EVIDENCE = {"signed_release": "a signed release", "consent_video": "a consent video", "id_check": "an ID check",
             "contract": "a contract", "guardian_authority": "proof of guardianship",
             "estate_authority": "proof of authority for the estate", "agency_authority": "proof of agency",
             "presence_check": "a camera check that the person was there (scores only, no pictures)"}
_ROLES = {"self": "you, the person shown", "guardian": "the guardian", "estate": "the estate", "agent": "the agent"}

CSS = """
:root{color-scheme:light dark;--fg:#111;--bg:#fff;--muted:#444;--line:#bbb;--ok:#0a5d1a;--no:#8a1010;--btn:#0b4fa8}
@media (prefers-color-scheme:dark){:root{--fg:#f2f2f2;--bg:#121212;--muted:#ccc;--line:#555;--ok:#7fdc8f;--no:#ff9b9b;--btn:#7fb2ff}}
*{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:42rem;margin:0 auto;padding:1rem 1.1rem 3rem}h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem}
dl{margin:0}dt{font-weight:700;margin-top:.9rem}dd{margin:.1rem 0 0}
.lead{font-size:1.1rem}.muted{color:var(--muted)}.box{border:2px solid var(--line);border-radius:.6rem;padding:1rem;margin:1rem 0}
button,.button{display:block;width:100%;min-height:3rem;margin:.6rem 0;padding:.7rem 1rem;font:inherit;font-weight:700;
border-radius:.5rem;border:2px solid var(--btn);cursor:pointer;text-align:center;text-decoration:none}
.primary{background:var(--btn);color:var(--bg)}button:disabled{opacity:.5;cursor:not-allowed}.secondary{background:transparent;color:var(--btn)}
button:focus-visible,a:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
label{display:block;font-weight:700;margin-top:.8rem}textarea,input{width:100%;font:inherit;padding:.5rem;border:2px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
.ok{color:var(--ok);font-weight:700}.no{color:var(--no);font-weight:700}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid var(--line)}
.scroll{overflow-x:auto}code{font-size:.9em;word-break:break-all}q{overflow-wrap:anywhere}
video{width:100%;max-width:24rem;aspect-ratio:4/3;background:#222;border-radius:.5rem;transform:scaleX(-1);display:block;margin:.5rem 0}
.say{font-size:1.4rem;font-weight:700;min-height:2.2rem}.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}
.check input{width:auto;margin-top:.35rem}
@media (min-width:900px){main{max-width:56rem}.row{display:flex;gap:1rem}.row>*{flex:1}}
"""

# WebAuthn in the browser: JSON options from the server <-> ArrayBuffers for the API.
JS = r"""
const b64u = { enc(buf){let s='';new Uint8Array(buf).forEach(b=>s+=String.fromCharCode(b));return btoa(s).replace(/\+/g,'-').replace(/\//g,'_').replace(/=+$/,'')},
  dec(t){t=t.replace(/-/g,'+').replace(/_/g,'/');while(t.length%4)t+='=';return Uint8Array.from(atob(t),c=>c.charCodeAt(0)).buffer} };
function creationOptions(o){o=structuredClone(o);o.challenge=b64u.dec(o.challenge);o.user.id=b64u.dec(o.user.id);
  (o.excludeCredentials||[]).forEach(c=>c.id=b64u.dec(c.id));return {publicKey:o}}
function requestOptions(o){o=structuredClone(o);o.challenge=b64u.dec(o.challenge);(o.allowCredentials||[]).forEach(c=>c.id=b64u.dec(c.id));return {publicKey:o}}
function created(c){return {id:c.id,rawId:b64u.enc(c.rawId),type:c.type,response:{clientDataJSON:b64u.enc(c.response.clientDataJSON),
  attestationObject:b64u.enc(c.response.attestationObject),transports:(c.response.getTransports?c.response.getTransports():[])}}}
function asserted(c){const r=c.response;return {id:c.id,rawId:b64u.enc(c.rawId),type:c.type,response:{clientDataJSON:b64u.enc(r.clientDataJSON),
  authenticatorData:b64u.enc(r.authenticatorData),signature:b64u.enc(r.signature),userHandle:r.userHandle?b64u.enc(r.userHandle):null}}}
async function post(url,body){const r=await fetch(url,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body||{}),credentials:'same-origin'});
  let j={};try{j=await r.json()}catch(e){}; if(!r.ok) throw new Error(j.detail||('error '+r.status)); return j}
function say(id,text,cls){const e=document.getElementById(id);e.textContent=text;e.className=cls||'';e.focus()}
function passkeyWhy(e){const n=e&&e.name;
  if(n==='NotAllowedError')return 'the passkey was not used: it was cancelled or timed out, or this device holds no '
    +'passkey for this studio. If you created it on another phone or computer, open this page there; if you never '
    +'created one for this studio, tell the studio.';
  if(n==='InvalidStateError')return 'this device already holds a passkey for this studio: use that one, or tell the studio.';
  if(n==='SecurityError')return 'this page is not at an address a passkey works on (an IP address, or a site that is '
    +'not secure), so it may not be the studio\'s own page. Nothing was signed. Close it and check with the studio, by a '
    +'way you already know, that the link is theirs.';
  if(n==='AbortError')return 'cancelled.';
  return (e&&e.message)||'something went wrong.'}
"""


def _e(v: Any) -> str:
    return html.escape(str(v), quote=True)


def _when(t: datetime) -> str:
    """An instant as the person reads it: day, time and "UTC" (a grant runs between two instants;
    a bare day read in Los Angeles or Tokyo hid up to 14 hours at either end: red team 68), in a
    ``<time>`` element a browser can show in the reader's own zone."""
    from datetime import timezone

    u = t.astimezone(timezone.utc)
    return f'<time datetime="{u.isoformat()}">{u.day} {u:%B %Y}, {u:%H:%M} UTC</time>'


def page(title: str, body: str, *, script: str = "") -> str:
    js = f"<script>{JS}\n{script}</script>" if script else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="referrer" content="no-referrer"><title>{_e(title)} · Consent Studio</title>'
            f'<style>{CSS}</style></head><body><main id="main">{body}</main>{js}</body></html>')


_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|\+00:00)")


def plain_times(text: str) -> str:
    """Times as a person reads them: "2026-12-07 21:29 UTC", not "2026-12-07T21:29:16.749023Z" (a
    talent walkthrough, session 66)."""
    return _ISO_TIME.sub(r"\1 \2 UTC", str(text))


def message_page(title: str, text: str, *, status_class: str = "") -> str:
    return page(title, f'<h1>{_e(title)}</h1><p class="lead {status_class}" role="status">{_e(plain_times(text))}</p>')


def terms(grant: ConsentGrant, *, of: str | None = None) -> str:
    """The grant's terms in plain language (a definition list); ``of``: the person's name where
    the reader signs for her (an agent, a guardian, an estate), else the terms speak to "you"."""
    g = grant
    who = f"{_e(g.grantee)}, for the project “{_e(g.project)}”"
    # (a talent walkthrough, session 66: an agent and a guardian read "images that look like you")
    you, your = (_e(of), _e(of) + "’s") if of else ("you", "your")
    how = "; ".join(_OPERATIONS[o.value].format(you=you, your=your) if o.value in _OPERATIONS else o.value
                    for o in g.operations)
    where = ("anywhere in the world" if g.territories == ("worldwide",) else
             "only in these countries: " + ", ".join(g.territories))
    cap = f"at most {g.usage_cap} images or clips" if g.usage_cap else "no fixed limit (until the end date)"
    restr = ", ".join(_RESTRICTIONS.get(r.value, r.value) for r in g.content_restrictions) or "none beyond the purpose above"
    ev = "; ".join(_EVIDENCE.get(e.kind.value, e.kind.value) + (f" ({_e(e.filename)})" if e.filename else "")
                   + f" — fingerprint <code>{e.sha256[:16]}</code>" for e in g.evidence)
    rows = [
        (f"Who may make images of {_e(of)}" if of else "Who may make images of you", who),
        ("What for", ", ".join(_PURPOSES.get(p.value, p.value) for p in g.purposes) + f". In their words: “{_e(g.description)}”"),
        ("What they may do", how),
        ("Where the results may appear", _e(", ".join(_MEDIA.get(m.value, m.value) for m in g.media))),
        ("Countries", _e(where)),
        ("From – until", f"from {_when(g.valid_from)} until {_when(g.valid_until)}"
         + (" (that day itself is not included)" if (g.valid_until.hour, g.valid_until.minute) == (0, 0) else "")
         + " (you can withdraw earlier at any time)"),
        ("How many", _e(cap)),
        ("Never", _e(restr)),
        ("Payment", f"recorded in {_e(g.compensation_ref)} (ask the studio for the details)" if g.compensation_ref
         else "no payment reference is recorded"),
        ("Each use", "waits for your approval on your page: nothing is made until you approve that exact request"
         if g.approve_each_use else "no approval per use: any request within these terms may be made"),
        ("Your page shows", "each image made, as a small labelled thumbnail" if g.ledger_thumbnails else
         "a list of each image made (no thumbnails)"),
        ("Evidence on file", ev),
        ("Who signs", _e(_ROLES.get(g.signer_role.value, g.signer_role.value)) + " consents in this grant"),
        ("Images already made", "when this grant ends or is withdrawn, nothing new is made under it. Images made "
         "before stay labelled as AI-generated and traceable to this grant; the studio stops handing them out for "
         "further use and keeps them for its records, and checking one shows that consent is no longer in force. "
         "Copies already downloaded or published are outside the studio’s control."),
    ]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl aria-label="Terms">{items}</dl><p class="muted">Grant <code>{_e(g.id)}</code></p>'


def signing_page(ctx: Any, token: str) -> str:
    g = ctx.draft.grant
    role_note = ("" if ctx.role == "self" else
                 f"<p class='lead'>You sign as <strong>{_e(_ROLES.get(ctx.role, ctx.role))}</strong> for "
                 f"{_e(ctx.subject.display_name)}.</p>")
    # every signer of the draft, and that all must accept (session 66: a minor was not told why she
    # signs too, nor the adult that her agent co-signs and can then see and withdraw her grants)
    roles = [sg.role for sg in ctx.draft.signers]
    if len(roles) > 1:
        named = [("you" if r == ctx.role else _SIGNERS.get(r, r)) + (f" ({_e(ctx.subject.display_name)})" if r == "self" and ctx.role != "self" else "")
                 for r in roles]
        role_note += (f"<p data-signers>This grant needs every one of these to accept: {', '.join(named)}. "
                      "Until all have accepted, it allows nothing. "
                      + ("Each of you can later sign in to see every use of it and withdraw it.</p>"))
    presence, presence_script = _presence_step(ctx)
    first = not ctx.passkeys
    how = ("Accepting creates a passkey on this device (fingerprint, face or screen lock) and signs these exact terms "
           "with it. Keep the passkey: it lets you see every use and withdraw later." if first else
           "Accepting signs these exact terms with the passkey you created for this studio before. If you never "
           "created one, someone else may have signed as you: do not accept; tick “I never created a passkey here” "
           "below and decline.")
    dispute = ("" if first else "\n  <p><input type=\"checkbox\" id=\"disputed\" name=\"disputed\" value=\"yes\">\n"
               "  <label for=\"disputed\">I never created a passkey here (someone else may have signed as me)</label></p>")
    body = f"""
<h1>{_e(ctx.signer_name)}, do you agree to this use of {"your" if ctx.role == "self" else _e(ctx.subject.display_name) + "’s"} likeness?</h1>
{role_note}
<p class="lead">{_e(g.grantee)} asks to make AI-generated images that look like {_e('you' if ctx.role == 'self' else ctx.subject.display_name)}.
Every image made is labelled as AI-generated and signed, and you can see each one on your page.</p>
<section class="box" aria-labelledby="t"><h2 id="t">The terms</h2>{terms(g, of=None if ctx.role == "self" else ctx.subject.display_name)}</section>
{presence}
<p>{_e(how)}</p>
<p id="msg" role="status" aria-live="polite" tabindex="-1"></p>
<button id="accept" class="primary" type="button"{' disabled aria-describedby="cam-need"' if ctx.presence_required else ''}>Accept and sign with a passkey</button>
<form method="post" action="/talent/s/{_e(token)}/decline">
  <label for="reason">Reason for declining (optional)</label>
  <textarea id="reason" name="reason" rows="2" maxlength="500"></textarea>{dispute}
  <button id="decline" class="secondary" type="submit">Decline</button>
</form>"""
    script = f"""
const base='/talent/s/{token}';
document.getElementById('accept').addEventListener('click', async (ev)=>{{
  ev.target.disabled=true; say('msg','Waiting for your passkey…');
  try {{
    const begin = await post(base+'/begin');
    if (begin.registration) {{
      const c = await navigator.credentials.create(creationOptions(begin.registration));
      await post(base+'/register', created(c));
    }}
    const a = await navigator.credentials.get(requestOptions(begin.signing));
    const done = await post(base+'/sign', asserted(a));
    say('msg', done.message, 'ok');
    if (done.status === 'complete') {{ const a = document.createElement('a'); a.href = '/talent/me';
      a.textContent = 'Open your page'; document.getElementById('msg').after(a); }}
    document.getElementById('accept').remove(); document.querySelector('form').remove();
  }} catch(e) {{
    say('msg','Not signed: '+passkeyWhy(e),'no'); ev.target.disabled=false;
  }}
}});"""
    return page("Your consent", body, script=script + presence_script)


def _presence_step(ctx: Any) -> tuple[str, str]:
    """The camera step of the signing page (HTML, script); empty when no check applies."""
    name = _e(ctx.subject.display_name)
    if ctx.presence is not None:
        p = ctx.presence
        return (f"<section class='box' aria-labelledby='cam-h'><h2 id='cam-h'>Camera check</h2>"
                f"<p class='ok'>Passed at {_e(str(p.get('checked_at', ''))[:16].replace('T', ' '))} UTC "
                f"(turns: {_e(', '.join(p.get('turns_seen') or []))}). The result is part of the evidence you sign.</p>"
                "</section>"), ""
    if not ctx.presence_required:
        if getattr(ctx.subject.kind, "value", "") == "person":
            return (f"<p class='muted'>No face photos of {name} are on record with the studio, so there is no camera "
                    "check; the grant's evidence will not include one.</p>"), ""
        return "", ""
    who = "you" if ctx.role == "self" else name
    html_ = f"""
<section class="box" aria-labelledby="cam-h">
<h2 id="cam-h">Step 1: show it is {_e(who)}</h2>
<p id="cam-need">Before anyone signs, {_e(who)} must be in front of the camera for a few seconds and turn
{'your' if ctx.role == 'self' else 'their'} head as asked. The studio compares the face with {name}'s photos on record
and keeps only the scores and whether the turns were right, not the pictures (unless you tick the box below).</p>
<video id="cam" autoplay muted playsinline aria-label="Your camera" hidden></video>
<p id="cam-say" class="say" role="status" aria-live="assertive"></p>
<label class="check" for="keep"><input id="keep" type="checkbox"> Keep my camera pictures with the grant
(optional; you can ask the studio to delete them)</label>
<button id="cam-start" class="primary" type="button">Start the camera check</button>
<p id="cam-msg" role="status" aria-live="polite" tabindex="-1"></p>
</section>
<h2>Step 2: sign</h2>"""
    script = """
const sleep=ms=>new Promise(r=>setTimeout(r,ms));
document.getElementById('cam-start').addEventListener('click', async (ev)=>{
  const btn=ev.target, video=document.getElementById('cam'), sayE=document.getElementById('cam-say');
  btn.disabled=true; say('cam-msg','Starting the camera…'); let stream=null;
  try {
    const st = await post(base+'/presence/start');
    stream = await navigator.mediaDevices.getUserMedia({video:{width:{ideal:640},height:{ideal:480},facingMode:'user'},audio:false});
    video.hidden=false; video.srcObject=stream; await video.play();
    const cv=document.createElement('canvas'), frames=[];
    const grab=()=>{const w=Math.min(640,video.videoWidth||640), h=Math.round((video.videoHeight||480)*w/(video.videoWidth||640));
      cv.width=w; cv.height=h; cv.getContext('2d').drawImage(video,0,0,w,h); return cv.toDataURL('image/jpeg',0.85).split(',')[1]};
    sayE.textContent='Look straight at the camera'; await sleep(900); frames.push(grab());
    for (const step of st.steps) { sayE.textContent=step.say; for (let i=0;i<3;i++){ await sleep(450); frames.push(grab()); } }
    sayE.textContent='Now look at the camera again'; await sleep(600); frames.push(grab());
    sayE.textContent='Checking…';
    const r = await post(base+'/presence', {challenge_id:st.challenge_id, frames, keep:document.getElementById('keep').checked});
    sayE.textContent=''; say('cam-msg', r.message, 'ok'); btn.remove();
    await sleep(1200); location.reload();  // the terms now list the camera check as evidence
  } catch(e) { sayE.textContent=''; say('cam-msg', e.message, 'no'); btn.disabled=false; }
  finally { if (stream) stream.getTracks().forEach(t=>t.stop()); video.srcObject=null; video.hidden=true; }
});"""
    return html_, script


def signin_page() -> str:
    body = """
<h1>Your likeness: grants and uses</h1>
<p class="lead">Sign in with the passkey you created when you signed a grant. You will see every grant you signed,
every image made under it, and you can withdraw a grant at any time.</p>
<p id="msg" role="status" aria-live="polite" tabindex="-1"></p>
<button id="signin" class="primary" type="button">Sign in with your passkey</button>"""
    script = """
document.getElementById('signin').addEventListener('click', async (ev)=>{
  ev.target.disabled=true; say('msg','Waiting for your passkey…');
  try { const o = await post('/talent/api/signin/options');
        const a = await navigator.credentials.get(requestOptions(o));
        await post('/talent/api/signin', asserted(a)); location.href='/talent/me';
  } catch(e) { say('msg','Not signed in: '+passkeyWhy(e),'no'); ev.target.disabled=false; }
});"""
    return page("Sign in", body, script=script)


_MODES = {"text2img": "a new picture from a text description",
          "img2img": "a picture made from a source image",
          "inpaint": "a source image with a masked part painted over"}


def _request_html(req: Any, flags: list[str], aid: str = "") -> str:
    """What the request would make, as the person asked to approve it must see it: the prompt,
    what it must not show, the inputs (small pictures of them, served to the signed-in person at
    ``/talent/me/approvals/<aid>/preview/...``) and the settings. Requests filed before this was
    kept say so, rather than show nothing."""
    if not isinstance(req, dict):
        return ("<p class='no' data-request='unknown'>This request was filed before the studio kept its "
                "prompt: what it would show is not known. Decline it if you are unsure.</p>")
    rows = [("Would make", _e(_MODES.get(str(req.get("mode")), str(req.get("mode"))))),
            ("Prompt", f"<q data-prompt>{_e(req.get('prompt') or '(none)')}</q>")]
    if req.get("negative_prompt"):
        rows.append(("Must not show", f"<q>{_e(req['negative_prompt'])}</q>"))
    previews = req.get("previews") if isinstance(req.get("previews"), dict) else {}
    base = f"/talent/me/approvals/{_e(aid)}/preview"

    def img(which: str, alt: str) -> str:
        return f"<br><img src='{base}/{which}' alt='{_e(alt)}' data-preview='{which}' style='max-width:192px'>"

    if req.get("source"):
        rows.append(("Source image", f"fingerprint <code>{_e(str(req['source'])[:16])}</code>"
                     + (f", changed at strength {_e(req['strength'])}" if req.get("strength") is not None else "")
                     + (img("source", "the picture this request starts from"
                            + (", the area it repaints tinted red" if req.get("mask") else ""))
                        if previews.get("source") else
                        "<br><span class='no'>This request's picture is not kept: decline it if you do not know it.</span>")))
    if req.get("mask"):
        rows.append(("Mask", f"fingerprint <code>{_e(str(req['mask'])[:16])}</code> (the area tinted red above)"))
    if req.get("references"):
        shown = previews.get("references") if isinstance(previews.get("references"), list) else []
        rows.append(("Reference images", _e(len(req["references"]))
                     + "".join(img(f"reference-{k}", f"reference image {k + 1}") for k in range(len(shown)))
                     + ("" if len(shown) == len(req["references"]) else
                        f"<br><span class='no'>{_e(len(req['references']) - len(shown))} not shown here: decline if "
                        "you do not know them.</span>")))
    if req.get("adapters"):
        rows.append(("Likeness adapters", _e(", ".join(map(str, req["adapters"])))))
    size = f"{_e(req.get('num_images', 1))} × {_e(req.get('width'))}×{_e(req.get('height'))} px"
    rows.append(("Size", size + f", {_e(req.get('engine'))} engine" + (f" ({_e(req['model'])})" if req.get("model") else "")))
    if flags:
        rows.append(("Content flags", _e(", ".join(map(str, flags)))))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f"<dl class='request' data-request='known'>{body}</dl>"


def approvals_html(pending: list[Any], csrf: str) -> str:
    """Requests waiting for the person's approval (approve-each-use grants)."""
    if not pending:
        return ""
    items = []
    for a in pending:
        s = a.summary
        aid = _e(a.id)
        items.append(f"""
<li class="box" data-approval="{aid}"><p><strong>{_e(s.get('grantee', ''))}</strong> asks to make
{_e(s.get('count', 1))} {"image" if str(s.get('count', 1)) == "1" else "images"} for {_e(_PURPOSES.get(s.get('purpose', ''), s.get('purpose', '')))}, in
{_e(', '.join(_MEDIA.get(m, m) for m in s.get('media') or []))}, country {_e(s.get('territory', ''))}
{('(project “' + _e(s['project']) + '”)') if s.get('project') else ''}.</p>
{_request_html(s.get('request'), s.get('content_flags') or [], a.id)}
<p class="muted">Asked {_e(a.requested_at[:16].replace('T', ' '))} UTC · request <code>{_e(a.request_digest[:16])}</code> ·
grant <code>{_e(a.grant_id)}</code>. Your approval covers this one request, once.</p>
<div class="row"><form method="post" action="/talent/me/approvals/{aid}/approve"><input type="hidden" name="csrf" value="{_e(csrf)}">
<button class="primary" type="submit">Approve this use</button></form>
<form method="post" action="/talent/me/approvals/{aid}/decline"><input type="hidden" name="csrf" value="{_e(csrf)}">
<button class="secondary" type="submit">Decline</button></form></div></li>""")
    return (f"<section aria-labelledby='ap-h'><h2 id='ap-h'>Waiting for your approval ({len(pending)})</h2>"
            f"<ul style='list-style:none;padding:0'>{''.join(items)}</ul></section>")


def answered_html(answered: list[Any], csrf: str) -> str:
    """Her recent answers to requests (newest first); an approval not used yet can be taken back."""
    if not answered:
        return ""
    words = {"approved": "approved (not used yet)", "declined": "declined", "used": "approved and used"}
    items = []
    for a in answered:
        s = a.summary
        back = (f"<form method='post' action='/talent/me/approvals/{_e(a.id)}/take-back'>"
                f"<input type='hidden' name='csrf' value='{_e(csrf)}'>"
                "<button class='secondary' type='submit'>Take back this approval</button></form>"
                if a.status == "approved" else "")
        items.append(f"<li data-answered-request='{_e(a.id)}'>{_e(s.get('grantee', ''))}: "
                     f"<q>{_e(str((s.get('request') or {}).get('prompt') or '')[:120])}</q> — "
                     f"<strong>{_e(words.get(a.status, a.status))}</strong> · asked "
                     f"{_e(a.requested_at[:16].replace('T', ' '))} UTC{back}</li>")
    return ("<section aria-labelledby='ans-h'><h2 id='ans-h'>Your recent answers</h2>"
            f"<ul>{''.join(items)}</ul></section>")


def me_page(subject: Any, role: str, views: list[Any], ledgers: dict[str, list[Any]], csrf: str,
            pending: list[Any] | None = None, note: str = "", answered: list[Any] | None = None) -> str:
    parts = [f"<h1>{_e(subject.display_name)}: your grants</h1>"]
    if note:
        parts.append(f"<p class='ok' role='status' data-answered>{_e(note)}</p>")
    if role != "self":
        parts.append(f"<p class='lead'>You are signed in as {_e(_ROLES.get(role, role))} of {_e(subject.display_name)}.</p>")
    # (a talent walkthrough, session 66) her own "never use my likeness", beside each grant's withdrawal
    if getattr(subject, "opt_out", False):
        parts.append("<p class='no lead' role='status' data-opted-out>You have asked never to be generated: no image "
                     "of you is made here under any grant. To lift this, ask the studio.</p>")
    parts.append(approvals_html(pending or [], csrf))
    parts.append(answered_html(answered or [], csrf))
    if not views:
        parts.append("<p class='lead'>No grant is on record yet.</p>")
    for v in views:
        g = v.grant
        gid = _e(g.id)
        stopped = getattr(v, "stopped", None)  # in force, but allows nothing now (its agent replaced, an opt-out …)
        status_cls = "ok" if v.status.in_force and not stopped else "no"
        rows = ledgers.get(g.id) or []
        note = getattr(rows, "note", "")  # the ledger is cut (a grant used more often than one page reads)
        table = (f"<p class='no' role='status' data-ledger='cut'>{_e(note)}</p>" if note else "") + (
                 "<p>No image has been made under this grant yet.</p>" if not rows else
                 "<div class='scroll'><table><caption class='muted'>Each output made under this grant</caption>"
                 "<thead><tr><th scope='col'>Date (UTC)</th><th scope='col'>Made by</th><th scope='col'>Purpose</th>"
                 "<th scope='col'>Country</th><th scope='col'>Output id</th>"
                 + ("<th scope='col'>Picture</th>" if g.ledger_thumbnails else "")
                 + "<th scope='col'>Check it</th></tr></thead><tbody>"
                 + "".join(f"<tr><td>{_e(r.at[:16].replace('T', ' '))}</td><td>{_e(r.grantee)}</td>"
                           f"<td>{_e(_PURPOSES.get(r.purpose, r.purpose))}</td><td>{_e(r.territory)}</td>"
                           f"<td><code>{_e(r.output)}</code></td>"
                           + (f"<td><a href='/talent/me/grants/{gid}/picture/{_e(r.sha256)}'>"
                              f"<img src='/talent/me/grants/{gid}/picture/{_e(r.sha256)}' width='120' "
                              f"alt='Output {_e(r.output)} as published, with its AI label' loading='lazy'></a></td>"
                              if g.ledger_thumbnails else "")
                           + (f"<td><a href='{_e(r.verify)}' rel='noopener'>Verify</a></td>" if r.verify else "<td>—</td>")
                           + "</tr>" for r in rows)
                 + "</tbody></table></div>")
        revoke = ("" if not v.status.in_force and v.status.value == "revoked" else f"""
<form method="post" action="/talent/me/grants/{gid}/revoke">
  <input type="hidden" name="csrf" value="{_e(csrf)}">
  <label for="why-{gid}">Reason (optional)</label>
  <input id="why-{gid}" name="reason" maxlength="300" autocomplete="off">
  <p><input type="checkbox" id="sure-{gid}" name="sure" value="yes" required>
  <label for="sure-{gid}">Yes, withdraw it: nothing new may be made under this grant (this cannot be undone)</label></p>
  <button class="secondary" type="submit">Withdraw this grant</button>
</form>""")
        parts.append(f"""
<section class="box" aria-labelledby="h-{gid}">
<h2 id="h-{gid}">{_e(g.grantee)} — {_e(g.project)}</h2>
<p class="muted">{_e(", ".join(_PURPOSES.get(p.value, p.value) for p in g.purposes))}, until {_when(g.valid_until)} · grant <code>{gid}</code></p>
<p>Status: <span class="{status_cls}" data-status="{_e('stopped' if stopped else v.status.value)}">{_e(plain_times(getattr(v, 'full_message', v.message)))}</span></p>
<p>Outputs so far: <strong>{_e(v.usage)}</strong></p>
<details><summary>Terms</summary>{terms(g)}</details>
<h3>Uses</h3>{table}
<p><a href="/talent/me/grants/{gid}/ledger.csv" download>Download uses (CSV)</a> ·
<a href="/talent/me/grants/{gid}/ledger.json" download>JSON</a></p>
{revoke}
</section>""")
    if not getattr(subject, "opt_out", False):
        parts.append(f"""
<section class="box" aria-labelledby="h-opt-out">
<h2 id="h-opt-out">Never use my likeness</h2>
<p>Stops every use of {"your" if role == "self" else _e(subject.display_name) + "’s"} likeness here, under every grant, at once
(withdrawing a grant stops that grant only). Only the studio can lift it, on your word.</p>
<form method="post" action="/talent/me/opt-out">
  <input type="hidden" name="csrf" value="{_e(csrf)}">
  <p><input type="checkbox" id="sure-opt-out" name="sure" value="yes" required>
  <label for="sure-opt-out">Yes: never generate {"me" if role == "self" else _e(subject.display_name)} here</label></p>
  <button class="secondary" type="submit">Never use my likeness</button>
</form>
</section>""")
    parts.append(f"""<form method="post" action="/talent/me/signout"><input type="hidden" name="csrf" value="{_e(csrf)}">
<button class="secondary" type="submit">Sign out</button></form>""")
    return page("Your grants", "".join(parts))


def enroll_page() -> str:
    """Create a passkey for the studio to confirm in person (before any grant is signed)."""
    body = """
<h1>Create your passkey</h1>
<p class="lead">The studio asked you to create a passkey on this device (fingerprint, face or screen lock) before you
sign anything. You will get a short code: read it to the studio's operator, who checks who you are and confirms it.
From then on, only this passkey can sign grants for you.</p>
<p id="msg" role="status" aria-live="polite" tabindex="-1"></p>
<p id="code" class="say" aria-live="polite"></p>
<button id="create" class="primary" type="button">Create my passkey</button>"""
    script = """
document.getElementById('create').addEventListener('click', async (ev)=>{
  ev.target.disabled=true; say('msg','Waiting for your passkey…');
  try { const o = await post('/talent/api/enroll/options');
        const c = await navigator.credentials.create(creationOptions(o));
        const r = await post('/talent/api/enroll', created(c));
        document.getElementById('code').textContent = r.code; say('msg', r.message, 'ok'); ev.target.remove();
  } catch(e) { say('msg','No passkey created: '+passkeyWhy(e),'no'); ev.target.disabled=false; }
});"""
    return page("Create your passkey", body, script=script)
