# Compiled by ssot_gen.precompiled from templates/tests/test_{model.plural}.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'tests/test_{model.plural}.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_project = resolve('project')
    l_0_model = resolve('model')
    l_0_base = l_0_exposes = l_0_probe = l_0_typed_field = l_0_login = l_0_factory = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['py']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'py' found.")
    try:
        t_3 = environment.filters['pydoc']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'pydoc' found.")
    try:
        t_4 = environment.filters['sort']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'sort' found.")
    pass
    l_0_base = (environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'url'))
    context.vars['base'] = l_0_base
    context.exported_vars.add('base')
    l_0_exposes = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'exposes')
    context.vars['exposes'] = l_0_exposes
    context.exported_vars.add('exposes')
    l_0_probe = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'probe_field')
    context.vars['probe'] = l_0_probe
    context.exported_vars.add('probe')
    l_0_typed_field = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'typed_field')
    context.vars['typed_field'] = l_0_typed_field
    context.exported_vars.add('typed_field')
    l_0_login = environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field')
    context.vars['login'] = l_0_login
    context.exported_vars.add('login')
    l_0_factory = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'test_factory')
    context.vars['factory'] = l_0_factory
    context.exported_vars.add('factory')
    yield '"""'
    yield str(t_3(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title')))
    yield ': the '
    yield str(t_1(context.eval_ctx, t_4(environment, environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'api')), ', '))
    yield ' routes'
    yield str((', ownership' if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'private') else cond_expr_undefined("the inline if-expression on line 7 in 'tests/test_{model.plural}.py.jinja' evaluated to false and no else section was defined.")))
    yield ' and validation through ``'
    yield str((undefined(name='base') if l_0_base is missing else l_0_base))
    yield '``."""\n\n'
    if (undefined(name='factory') if l_0_factory is missing else l_0_factory):
        pass
        yield 'import json\n\n'
    yield 'from fastapi.testclient import TestClient\n\nfrom tests import samples\n'
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user'):
        pass
        yield 'from tests.conftest import Account, register\n'
    elif (undefined(name='factory') if l_0_factory is missing else l_0_factory):
        pass
        yield 'from tests.conftest import Account, create_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield ', '
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '_payload\n'
    else:
        pass
        yield 'from tests.conftest import Account\n'
    yield '\nBASE = '
    yield str(t_2((undefined(name='base') if l_0_base is missing else l_0_base)))
    yield '\n'
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user'):
        pass
        yield '\n\ndef test_me_is_the_signed_in_user(client: TestClient, user: Account) -> None:\n    response = client.get(f"{BASE}/me", headers=user.headers)\n    assert response.status_code == 200\n    body = response.json()\n    assert body["id"] == user.id\n    assert "password" not in body\n    assert "hashed_password" not in body\n'
        if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'):
            pass
            yield '\n\ndef test_list_shows_only_yourself(client: TestClient, user: Account, other_user: Account) -> None:\n    response = client.get(BASE, headers=user.headers)\n    assert response.status_code == 200\n    assert [row["id"] for row in response.json()["data"]] == [user.id]\n    assert response.json()["count"] == 1\n'
        if ((environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read') or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update')) or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete')):
            pass
            yield '\n\ndef test_other_users_are_404(client: TestClient, user: Account, other_user: Account) -> None:\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
                pass
                yield '    assert client.get(f"{BASE}/{other_user.id}", headers=user.headers).status_code == 404\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update'):
                pass
                yield '    assert client.patch(f"{BASE}/{other_user.id}", json={}, headers=user.headers).status_code == 404\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete'):
                pass
                yield '    assert client.delete(f"{BASE}/{other_user.id}", headers=user.headers).status_code == 404\n'
        if ((environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update') and (undefined(name='probe') if l_0_probe is missing else l_0_probe)) and (environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name') != environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name'))):
            pass
            yield '\n\ndef test_update_yourself(client: TestClient, user: Account) -> None:\n    value = '
            yield str(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'update_sample'))
            yield '\n    response = client.patch(f"{BASE}/{user.id}", json={'
            yield str(t_2(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name')))
            yield ': value}, headers=user.headers)\n    assert response.status_code == 200, response.text\n    assert response.json()['
            yield str(t_2(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name')))
            yield '] == value\n'
        yield '\n\ndef test_duplicate_registration_is_409(client: TestClient, user: Account) -> None:\n    payload = {'
        yield str(t_2(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name')))
        yield ': user.'
        yield str(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name'))
        yield ', "password": "long-enough-password"}\n'
        def t_5(fiter):
            for l_1_field in fiter:
                if (environment.getattr(l_1_field, 'required_on_create') and (environment.getattr(l_1_field, 'name') != environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name'))):
                    yield l_1_field
        for l_1_field in t_5(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'register_fields')):
            _loop_vars = {}
            pass
            yield '    payload['
            yield str(t_2(environment.getattr(l_1_field, 'name')))
            yield '] = '
            yield str(environment.getattr(l_1_field, 'sample_expr'))
            yield '\n'
        l_1_field = missing
        yield '    assert client.post('
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
        yield ', json=payload).status_code == 409\n\n\ndef test_wrong_password_is_401(client: TestClient, user: Account) -> None:\n    body = {'
        yield str(t_2(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name')))
        yield ': user.'
        yield str(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name'))
        yield ', "password": "wrong-password"}\n    assert client.post('
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/login')))
        yield ', json=body).status_code == 401\n\n\ndef test_short_password_is_422(client: TestClient) -> None:\n    body = {'
        yield str(t_2(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'name')))
        yield ': '
        yield str(environment.getattr((undefined(name='login') if l_0_login is missing else l_0_login), 'sample_expr'))
        yield ', "password": "x"}\n    assert client.post('
        yield str(t_2((environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix') + '/auth/register')))
        yield ', json=body).status_code == 422\n'
        if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete'):
            pass
            yield '\n\ndef test_delete_yourself(client: TestClient) -> None:\n    account = register(client)\n    assert client.delete(f"{BASE}/{account.id}", headers=account.headers).status_code == 204\n    assert client.get(f"{BASE}/me", headers=account.headers).status_code == 401\n'
    elif (undefined(name='factory') if l_0_factory is missing else l_0_factory):
        pass
        if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
            pass
            yield '\n\ndef test_create_and_read(client: TestClient, user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    response = client.get(f"{BASE}/{row[\'id\']}", headers=user.headers)\n    assert response.status_code == 200\n    assert response.json() == row\n'
        if (environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'datetime_field') and environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read')):
            pass
            yield '\n\ndef test_datetimes_are_stored_and_returned_in_utc(client: TestClient, user: Account) -> None:\n    payload = '
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, user) | {'
            yield str(t_2(environment.getattr(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'datetime_field'), 'name')))
            yield ': "2026-01-02T09:00:00+02:00"}\n    response = client.post(BASE, json=payload, headers=user.headers)\n    assert response.status_code == 201, response.text\n    assert response.json()['
            yield str(t_2(environment.getattr(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'datetime_field'), 'name')))
            yield '] == "2026-01-02T07:00:00Z"\n    stored = client.get(f"{BASE}/{response.json()[\'id\']}", headers=user.headers).json()\n    assert stored['
            yield str(t_2(environment.getattr(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'datetime_field'), 'name')))
            yield '] == "2026-01-02T07:00:00Z"\n'
        if (environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list') and environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'one_per_owner')):
            pass
            yield '\n\ndef test_one_per_user(client: TestClient, user: Account, other_user: Account) -> None:\n    mine = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    again = client.post(BASE, json='
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, user), headers=user.headers)\n    assert again.status_code == 409\n    theirs = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, other_user)\n    page = client.get(BASE, params={"skip": 0, "limit": 10}, headers=user.headers).json()\n    assert [row["id"] for row in page["data"]] == [mine["id"]]\n    assert page["count"] == 1\n    assert theirs["id"] != mine["id"]\n'
        elif environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'):
            pass
            yield '\n\ndef test_list_paginates(client: TestClient, user: Account) -> None:\n    first = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    second = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    page = client.get(BASE, params={"skip": 0, "limit": 1}, headers=user.headers).json()\n    assert len(page["data"]) == 1\n    assert page["count"] >= 2\n    ids = {row["id"] for row in client.get(BASE, params={"limit": 1000}, headers=user.headers).json()["data"]}\n    assert {first["id"], second["id"]} <= ids\n'
        if (environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update') and (undefined(name='probe') if l_0_probe is missing else l_0_probe)):
            pass
            yield '\n\ndef test_update_changes_only_what_is_sent(client: TestClient, user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    value = '
            yield str(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'update_sample'))
            yield '\n    response = client.patch(f"{BASE}/{row[\'id\']}", json={'
            yield str(t_2(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name')))
            yield ': value}, headers=user.headers)\n    assert response.status_code == 200, response.text\n    updated = response.json()\n    assert updated['
            yield str(t_2(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name')))
            yield '] == value\n    unchanged = {k: v for k, v in row.items() if k not in {'
            yield str(t_2(environment.getattr((undefined(name='probe') if l_0_probe is missing else l_0_probe), 'name')))
            yield ', "updated_at"}}\n    assert {k: updated[k] for k in unchanged} == unchanged\n'
        if (environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update') and environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'update_not_null')):
            pass
            yield '\n\ndef test_update_rejects_null_for_required_fields(client: TestClient, user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    response = client.patch(f"{BASE}/{row[\'id\']}", json={'
            yield str(t_2(environment.getitem(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'update_not_null'), 0)))
            yield ': None}, headers=user.headers)\n    assert response.status_code == 422\n'
        yield '\n\ndef test_create_rejects_unknown_keys(client: TestClient, user: Account) -> None:\n    payload = '
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '_payload(client, user) | {"not_a_field": 1}\n    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'read_only_fields'):
            pass
            yield '\n\ndef test_read_only_fields_are_not_writable(client: TestClient, user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    payload: dict[str, object]\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update'):
                pass
                yield '    patch: dict[str, object]\n'
            for l_1_field in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'read_only_fields'):
                _loop_vars = {}
                pass
                yield '    payload = '
                yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
                yield '_payload(client, user) | {'
                yield str(t_2(environment.getattr(l_1_field, 'name')))
                yield ': '
                yield str(environment.getattr(l_1_field, 'sample_expr'))
                yield '}\n    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422\n'
                if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update'):
                    pass
                    yield '    patch = {'
                    yield str(t_2(environment.getattr(l_1_field, 'name')))
                    yield ': '
                    yield str(environment.getattr(l_1_field, 'sample_expr'))
                    yield '}\n    assert client.patch(f"{BASE}/{row[\'id\']}", json=patch, headers=user.headers).status_code == 422\n'
            l_1_field = missing
            if (not environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update')):
                pass
                yield '    assert row["id"]\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'invalid_values'):
            pass
            yield '\n\ndef test_values_outside_the_schema_constraints_are_422(client: TestClient, user: Account) -> None:\n    payload = '
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, user)\n    invalid: list[tuple[str, object]] = [\n'
            for (l_1_name, l_1_value) in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'invalid_values'):
                _loop_vars = {}
                pass
                yield '        ('
                yield str(t_2(l_1_name))
                yield ', '
                yield str(l_1_value)
                yield '),\n'
            l_1_name = l_1_value = missing
            yield '    ]\n    for name, value in invalid:\n        response = client.post(BASE, json=payload | {name: value}, headers=user.headers)\n        assert response.status_code == 422, (name, value, response.text)\n'
        if (undefined(name='typed_field') if l_0_typed_field is missing else l_0_typed_field):
            pass
            yield '\n\ndef test_wrong_types_are_422(client: TestClient, user: Account) -> None:\n    payload = '
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, user) | {'
            yield str(t_2(environment.getattr((undefined(name='typed_field') if l_0_typed_field is missing else l_0_typed_field), 'name')))
            yield ': {"not": "valid"}}\n    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422\n'
        yield '\n\nHOSTILE_VALUES = ["\\x00", "x" * 100_000, 10**30, -1e308, None, [], {"a": 1}, "2026-13-45", True]\n\n\ndef test_hostile_values_are_never_a_500(client: TestClient, user: Account) -> None:\n    base_payload = '
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '_payload(client, user)\n    names: list[str] = ['
        for l_1_field in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'writable_fields'):
            _loop_vars = {}
            pass
            yield str(t_2(environment.getattr(l_1_field, 'name')))
            yield ', '
        l_1_field = missing
        yield ']\n    for name in names:\n        for value in HOSTILE_VALUES:\n            response = client.post(BASE, json=base_payload | {name: value}, headers=user.headers)\n            assert response.status_code < 500, (name, value, response.text)\n        # A lone surrogate cannot even be encoded by a client library: send the raw JSON.\n        body = json.dumps(base_payload | {name: "SURROGATE"}).replace(\'"SURROGATE"\', r\'"\\ud800"\')\n        headers = user.headers | {"Content-Type": "application/json"}\n        assert client.post(BASE, content=body, headers=headers).status_code < 500\n'
        if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete'):
            pass
            yield '\n\ndef test_delete(client: TestClient, user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n    assert client.delete(f"{BASE}/{row[\'id\']}", headers=user.headers).status_code == 204\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
                pass
                yield '    assert client.get(f"{BASE}/{row[\'id\']}", headers=user.headers).status_code == 404\n'
        if (environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'private') and (((environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read') or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update')) or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete')) or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'))):
            pass
            yield '\n\ndef test_rows_are_private_to_their_owner(client: TestClient, user: Account, other_user: Account) -> None:\n    row = create_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(client, user)\n'
            if ((environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read') or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update')) or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete')):
                pass
                yield '    url = f"{BASE}/{row[\'id\']}"\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
                pass
                yield '    assert client.get(url, headers=other_user.headers).status_code == 404\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update'):
                pass
                yield '    assert client.patch(url, json={}, headers=other_user.headers).status_code == 404\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete'):
                pass
                yield '    assert client.delete(url, headers=other_user.headers).status_code == 404\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'):
                pass
                yield '    listed = client.get(BASE, params={"limit": 1000}, headers=other_user.headers).json()["data"]\n    assert row["id"] not in {item["id"] for item in listed}\n'
            if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
                pass
                yield '    assert client.get(url, headers=user.headers).status_code == 200\n'
        def t_6(fiter):
            for l_1_rel in fiter:
                if (not environment.getattr(l_1_rel, 'nullable')):
                    yield l_1_rel
        for l_1_rel in t_6(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'owned_parents')):
            _loop_vars = {}
            pass
            yield '\n\ndef test_cannot_attach_to_another_users_'
            yield str(environment.getattr(l_1_rel, 'name'))
            yield '(client: TestClient, user: Account, other_user: Account) -> None:\n    payload = '
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, user)\n    payload['
            yield str(t_2(environment.getattr(l_1_rel, 'column')))
            yield '] = '
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_payload(client, other_user)['
            yield str(t_2(environment.getattr(l_1_rel, 'column')))
            yield ']\n    assert client.post(BASE, json=payload, headers=user.headers).status_code == 422\n'
        l_1_rel = missing
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'):
        pass
        yield '\n\ndef test_huge_pagination_is_422(client: TestClient, user: Account) -> None:\n    assert client.get(BASE, params={"skip": 2**63}, headers=user.headers).status_code == 422\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
        pass
        yield '\n\ndef test_missing_row_is_404(client: TestClient, user: Account) -> None:\n    assert client.get(f"{BASE}/{samples.new_id()}", headers=user.headers).status_code == 404\n\n\ndef test_bad_id_is_422(client: TestClient, user: Account) -> None:\n    assert client.get(f"{BASE}/not-a-uuid", headers=user.headers).status_code == 422\n'
    yield '\n\ndef test_requires_a_token(client: TestClient) -> None:\n'
    if ((environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list') or environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read')) or environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user')):
        pass
        yield '    url = '
        yield str(('BASE' if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list') else ('f"{BASE}/me"' if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user') else 'f"{BASE}/{samples.new_id()}"')))
        yield '\n    assert client.get(url).status_code == 401\n    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 401\n'
    yield '    assert client.get(f"{BASE}/{samples.new_id()}").status_code in {401, 404, 405}\n'

blocks = {}
debug_info = '1=38&2=41&3=44&4=47&5=50&6=53&7=57&9=65&16=69&18=72&19=75&24=83&25=85&35=88&44=91&48=94&51=97&54=100&58=103&62=106&63=108&65=110&70=113&71=117&72=125&74=131&78=133&79=137&83=139&84=143&85=145&93=148&94=150&98=153&103=155&107=158&110=162&112=164&114=166&118=169&119=171&121=173&126=175&130=178&131=180&138=182&142=185&143=187&144=189&147=191&148=193&151=195&155=198&156=200&162=203&164=205&168=208&170=210&173=213&174=217&176=223&177=226&181=231&185=234&189=237&191=239&192=243&199=249&203=252&212=257&213=259&222=266&226=269&228=271&232=274&236=277&237=279&240=282&243=285&246=288&249=291&253=294&257=297&260=305&261=307&262=309&266=316&272=319&285=323&286=326'
