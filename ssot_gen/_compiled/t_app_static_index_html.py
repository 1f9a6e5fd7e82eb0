# Compiled by ssot_gen.precompiled from templates/app/static/index.html.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/static/index.html.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_kinds = missing
    try:
        t_1 = environment.filters['e']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'e' found.")
    pass
    l_0_kinds = environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'component_kinds')
    context.vars['kinds'] = l_0_kinds
    context.exported_vars.add('kinds')
    yield '<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <link rel="icon" href="data:,">\n  <meta name="viewport" content="width=device-width, initial-scale=1">\n  <meta name="color-scheme" content="light dark">\n  <title>'
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_title')))
    yield '</title>\n  <link rel="stylesheet" href="/static/styles.css">\n  <script type="module" src="/static/app.js"></script>\n</head>\n<body>\n  <header class="top">\n    <button type="button" id="toggle-side" class="icon" aria-controls="side" aria-expanded="false" hidden>\n      <span aria-hidden="true">☰</span><span class="visually-hidden">Conversations</span>\n    </button>\n    <h1>'
    yield str(t_1(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'ui_title')))
    yield '</h1>\n    <span id="who"></span>\n    <button type="button" id="sign-out" hidden>Sign out</button>\n  </header>\n\n  <main id="auth" hidden>\n    <form id="auth-form">\n      <h2 id="auth-heading">Sign in</h2>\n      <div id="auth-fields"></div>\n      <p id="auth-error" class="error" role="alert"></p>\n      <button type="submit" id="auth-submit" class="primary">Sign in</button>\n      <button type="button" id="auth-toggle" class="link">Create an account</button>\n    </form>\n  </main>\n\n  <div id="chat" hidden>\n    <nav class="side" id="side" aria-label="Conversations">\n'
    if ('ChatConversationList' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '      <chat-conversation-list></chat-conversation-list>\n'
    else:
        pass
        yield '      <button type="button" id="new-conversation">New conversation</button>\n'
    if ('ChatSettingsForm' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '      <details class="settings">\n        <summary>Settings</summary>\n        <chat-settings-form></chat-settings-form>\n      </details>\n'
    yield '    </nav>\n    <main class="thread">\n      <div class="toolbar">\n'
    if ('ProviderSelector' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '        <provider-selector></provider-selector>\n'
    if ('ModelSelector' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '        <model-selector></model-selector>\n'
    yield '        <details id="conversation-controls" class="controls" hidden>\n          <summary>'
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'chat'), 'conversation'), 'title')))
    yield ' options</summary>\n          <form id="controls-form">\n            <div id="controls-fields"></div>\n            <button type="submit">Save</button>\n            <output id="controls-note"></output>\n          </form>\n        </details>\n'
    if ('TokenCounter' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '        <token-counter></token-counter>\n'
    if ('CostEstimate' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '        <cost-estimate></cost-estimate>\n'
    yield '      </div>\n      <div id="banner" class="banner" role="alert" hidden>\n        <span id="banner-text"></span>\n        <button type="button" id="banner-retry" hidden>Retry</button>\n        <button type="button" id="banner-close" class="icon" aria-label="Dismiss">×</button>\n      </div>\n      <section id="messages" aria-label="Messages" aria-live="polite" tabindex="0"></section>\n      <p id="notice" class="visually-hidden" role="status"></p>\n'
    if ('ChatInput' in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        pass
        yield '      <chat-input></chat-input>\n'
    else:
        pass
        yield '      <form id="send-form">\n        <textarea name="text" rows="3" aria-label="Your text" required></textarea>\n        <button type="submit">Send</button>\n      </form>\n'
    yield '    </main>\n  </div>\n</body>\n</html>\n'

blocks = {}
debug_info = '1=19&9=23&18=25&35=27&40=33&49=37&52=40&56=44&63=46&66=49&77=53'
