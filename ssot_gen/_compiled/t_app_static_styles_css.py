# Compiled by ssot_gen.precompiled from templates/app/static/styles.css.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/styles.css.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '/* '
    yield str(t_1(context.eval_ctx, t_1(context.eval_ctx, environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_title'), '*/', '* /'), '\n', ' '))
    yield ': plain CSS, system fonts, light and dark. */\n:root {\n  color-scheme: light dark;\n  --bg: #ffffff;\n  --fg: #1d1d1f;\n  --muted: #6b6b73;\n  --line: #d9d9de;\n  --accent: #2f6fde;\n  --user: #eef3fd;\n  --assistant: #f4f4f6;\n  --error: #b3261e;\n  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;\n}\n@media (prefers-color-scheme: dark) {\n  :root { --bg: #16161a; --fg: #ececf1; --muted: #9a9aa5; --line: #33333b; --user: #1f2a40; --assistant: #23232a; }\n}\n* { box-sizing: border-box; }\nbody { margin: 0; background: var(--bg); color: var(--fg); height: 100vh; display: flex; flex-direction: column; }\n[hidden] { display: none !important; }\nbutton { font: inherit; cursor: pointer; }\ninput, select, textarea { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.35rem 0.5rem; }\nlabel { display: grid; gap: 0.25rem; margin-bottom: 0.6rem; }\nlabel:has(input[type="checkbox"]) { display: flex; flex-direction: row-reverse; justify-content: flex-end; gap: 0.5rem; }\n.error { color: var(--error); min-height: 1em; margin: 0.25rem 0; }\n.link { background: none; border: none; color: var(--accent); padding: 0; }\n\n.top { display: flex; align-items: center; gap: 1rem; padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); }\n.top h1 { font-size: 1.1rem; margin: 0; flex: 1; }\n#who { color: var(--muted); }\n\n#auth { display: grid; place-items: center; padding: 3rem 1rem; }\n#auth form { width: min(24rem, 100%); }\n\n#chat { flex: 1; display: grid; grid-template-columns: 16rem 1fr; min-height: 0; }\n.side { border-right: 1px solid var(--line); padding: 0.75rem; overflow-y: auto; }\n.thread { display: flex; flex-direction: column; min-height: 0; padding: 0.75rem; gap: 0.5rem; }\n.toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; color: var(--muted); font-size: 0.9rem; }\n#messages { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 0.6rem; }\n\nchat-conversation-list ul { list-style: none; padding: 0; margin: 0.5rem 0; }\nchat-conversation-list li { display: flex; }\nchat-conversation-list .open { flex: 1; text-align: left; background: none; border: none; padding: 0.4rem; border-radius: 6px; color: inherit; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }\nchat-conversation-list .open[aria-current] { background: var(--user); }\nchat-conversation-list .delete { background: none; border: none; color: var(--muted); }\n\nchat-message { display: block; padding: 0.6rem 0.8rem; border-radius: 10px; background: var(--assistant); max-width: 48rem; }\nchat-message[data-role="user"] { background: var(--user); align-self: flex-end; }\nchat-message[data-role="system"] { font-style: italic; }\nchat-message[data-status="error"] { border: 1px solid var(--error); }\nchat-message header { font-size: 0.8rem; color: var(--muted); text-transform: capitalize; }\nchat-message .body { white-space: pre-wrap; overflow-wrap: anywhere; }\nchat-message .meta { color: var(--muted); font-size: 0.75rem; }\nchat-message[data-status="streaming"] .body::after, chat-message[data-status="pending"] .body::after { content: "▍"; animation: blink 1s steps(1) infinite; }\n@keyframes blink { 50% { opacity: 0; } }\n\nchat-input form, #send-form { display: flex; gap: 0.5rem; }\nchat-input textarea, #send-form textarea { flex: 1; resize: vertical; }\n\n@media (max-width: 40rem) {\n  #chat { grid-template-columns: 1fr; }\n  .side { border-right: none; border-bottom: 1px solid var(--line); max-height: 30vh; }\n}\n'

blocks = {}
debug_info = '1=19'
