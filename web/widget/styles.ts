/** The widget's CSS, inside its shadow root: the host page's styles do not reach it, and it does not reach the page. */
export const css = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.4}
.launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#1f6feb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483646;display:flex;align-items:center;justify-content:center}
.launcher svg{width:28px;height:28px;fill:currentColor}
.panel{position:fixed;right:20px;bottom:88px;width:370px;max-width:calc(100vw - 24px);height:560px;max-height:calc(100vh - 110px);background:#fff;color:#1b1f24;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;z-index:2147483647}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:10px;padding:12px 14px;background:#1f6feb;color:#fff}
header img,header .avatar{width:36px;height:36px;border-radius:50%;object-fit:cover;background:#fff3;display:flex;align-items:center;justify-content:center;font-weight:600}
header .who{flex:1}header .name{font-weight:600}header .sub{font-size:12px;opacity:.85}
header button{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;padding:4px 8px}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}
.msg{max-width:80%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
.msg.visitor{align-self:flex-end;background:#1f6feb;color:#fff;border-bottom-right-radius:4px}
.msg.agent,.msg.operator{align-self:flex-start;background:#fff;border:1px solid #d0d7de;border-bottom-left-radius:4px}
.msg.operator{background:#e8f7ee;border-color:#9fd8b4}
.msg .author{display:block;font-size:12px;opacity:.7;margin-bottom:2px}
.error{color:#cf222e;font-size:13px;padding:0 14px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de;background:#fff}
form.prechat{flex-direction:column;border:0;padding:14px}
input,textarea{flex:1;border:1px solid #d0d7de;border-radius:8px;padding:9px 10px;font-size:16px;color:#1b1f24;background:#fff}
textarea{resize:none;height:42px}
button.primary{background:#1f6feb;color:#fff;border:0;border-radius:8px;padding:0 14px;min-height:42px;font-weight:600;cursor:pointer}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:100%;border-radius:0}}
`;
