# Compiled by ssot_gen.precompiled from templates/app/api/routes/{model.plural}.py.jinja; do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'app/api/routes/{model.plural}.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_model = resolve('model')
    l_0_project = resolve('project')
    l_0_login = resolve('login')
    l_0_names = l_0_exposes = missing
    try:
        t_1 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
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
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    l_0_names = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'schema_names')
    context.vars['names'] = l_0_names
    context.exported_vars.add('names')
    l_0_exposes = environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'exposes')
    context.vars['exposes'] = l_0_exposes
    context.exported_vars.add('exposes')
    yield '"""'
    yield str(t_3(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title')))
    yield ' endpoints under ``'
    yield str(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'api_prefix'))
    yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'url'))
    yield '``."""\n\n'
    for l_1_line in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'router_imports'):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    yield '\nrouter = fastapi.APIRouter(prefix='
    yield str(t_2(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'url')))
    yield ', tags=['
    yield str(t_2(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'tag')))
    yield '])\n'
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user'):
        pass
        yield '\n\n@router.get("/me", response_model='
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
        yield ')\nasync def read_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '_me(current_user: CurrentUser) -> t.Any:\n    """The signed-in '
        yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
        yield '."""\n    return current_user\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'list'):
        pass
        yield '\n\n@router.get("", response_model='
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'list'))
        yield ')\nasync def read_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'list_fn'))
        yield '(\n    session: SessionDep,\n    current_user: CurrentUser,\n    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),\n    limit: int = fastapi.Query(default=100, ge=1, le=1000),\n) -> t.Any:\n    """List '
        yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
        yield ' rows'
        yield str((' of the current user' if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'private') else cond_expr_undefined("the inline if-expression on line 28 in 'app/api/routes/{model.plural}.py.jinja' evaluated to false and no else section was defined.")))
        yield ', newest first."""\n    statement = scope_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(sa.select('
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
        yield '), current_user)\n    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))\n    rows = await session.scalars(\n        statement.order_by('
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'order_by'))
        yield ').offset(skip).limit(limit)\n    )\n    return '
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'list'))
        yield '(\n        data=['
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
        yield '.model_validate(row) for row in rows], count=count or 0\n    )\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'read'):
        pass
        yield '\n\n@router.get("/{item_id}", response_model='
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
        yield ')\nasync def read_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> t.Any:\n    """Get one '
        yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
        yield '."""\n    return await get_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(session, item_id, current_user)\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'create'):
        pass
        yield '\n\n@router.post("", response_model='
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
        yield ', status_code=fastapi.status.HTTP_201_CREATED)\nasync def create_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(\n    payload: '
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'create'))
        yield ', session: SessionDep, current_user: CurrentUser\n) -> t.Any:\n    """Create a '
        yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
        yield str((' owned by the current user' if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'direct_owner') else cond_expr_undefined("the inline if-expression on line 53 in 'app/api/routes/{model.plural}.py.jinja' evaluated to false and no else section was defined.")))
        yield '."""\n'
        for l_1_rel in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'payload_relations'):
            _loop_vars = {}
            pass
            if environment.getattr(l_1_rel, 'nullable'):
                pass
                yield '    if payload.'
                yield str(environment.getattr(l_1_rel, 'column'))
                yield ' is not None:\n        await check_reference(session, '
                yield str(environment.getattr(l_1_rel, 'reference_check'))
                yield ', '
                yield str(t_2(environment.getattr(l_1_rel, 'column')))
                yield ')\n'
            else:
                pass
                yield '    await check_reference(session, '
                yield str(environment.getattr(l_1_rel, 'reference_check'))
                yield ', '
                yield str(t_2(environment.getattr(l_1_rel, 'column')))
                yield ')\n'
        l_1_rel = missing
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    if (problem := catalog_problem(payload.model_dump())) is not None:\n        raise problem\n'
        yield '    row = '
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
        yield '(**payload.model_dump()'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'direct_owner'):
            pass
            yield ', '
            yield str(environment.getattr(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'direct_owner'), 'column'))
            yield '=current_user.id'
        yield ')\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_message'):
            pass
            yield '    if (problem := await service.join_active_branch(session, row)) is not None:  # as a send\n        raise fastapi.HTTPException(422, problem)\n'
        yield '    session.add(row)\n    await session.commit()\n    await session.refresh(row)\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    await hub.publish_to_user(current_user.id, "conversation.created", '
            yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
            yield '.model_validate(row))\n'
        yield '    return row\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'update'):
        pass
        yield '\n\n@router.patch("/{item_id}", response_model='
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
        yield ')\nasync def update_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(\n    item_id: UUID, payload: '
        yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'update'))
        yield ', session: SessionDep, current_user: CurrentUser\n) -> t.Any:\n    """Change the fields sent; the others keep their values."""\n    row = await get_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(session, item_id, current_user)\n    changes = payload.model_dump(exclude_unset=True)\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_user'):
            pass
            l_0_login = environment.getattr(environment.getattr(environment.getattr((undefined(name='project') if l_0_project is missing else l_0_project), 'auth'), 'login_field'), 'name')
            context.vars['login'] = l_0_login
            context.exported_vars.add('login')
            yield '    current_password = changes.pop("current_password", None)\n    if changes.get('
            yield str(t_2((undefined(name='login') if l_0_login is missing else l_0_login)))
            yield ') is not None:\n        changes['
            yield str(t_2((undefined(name='login') if l_0_login is missing else l_0_login)))
            yield '] = normalise_login(changes['
            yield str(t_2((undefined(name='login') if l_0_login is missing else l_0_login)))
            yield '])\n    if '
            yield str(t_2((undefined(name='login') if l_0_login is missing else l_0_login)))
            yield ' in changes and changes['
            yield str(t_2((undefined(name='login') if l_0_login is missing else l_0_login)))
            yield '] != row.'
            yield str((undefined(name='login') if l_0_login is missing else l_0_login))
            yield ':\n        # a stolen token must not take over the account: changing the login needs the password\n        if current_password is None or not await verify_password(current_password, row.hashed_password):\n            raise fastapi.HTTPException(\n                fastapi.status.HTTP_403_FORBIDDEN,\n                "Changing the '
            yield str((undefined(name='login') if l_0_login is missing else l_0_login))
            yield ' requires the correct current_password",\n            )\n        await revoke_tokens(session, row)\n'
        for l_1_rel in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'updatable_relations'):
            _loop_vars = {}
            pass
            yield '    if changes.get('
            yield str(t_2(environment.getattr(l_1_rel, 'column')))
            yield ') is not None:\n        await check_reference(session, '
            yield str(environment.getattr(l_1_rel, 'reference_check_update'))
            yield ', '
            yield str(t_2(environment.getattr(l_1_rel, 'column')))
            yield ')\n'
        l_1_rel = missing
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    if (problem := catalog_problem(changes, row)) is not None:\n        raise problem\n'
        yield '    for key, value in changes.items():\n        setattr(row, key, value)\n    await session.commit()\n    await session.refresh(row)\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    await hub.publish_to_user(current_user.id, "conversation.updated", '
            yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
            yield '.model_validate(row))\n'
        yield '    return row\n'
    if environment.getattr((undefined(name='exposes') if l_0_exposes is missing else l_0_exposes), 'delete'):
        pass
        yield '\n\n@router.delete("/{item_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)\nasync def delete_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(item_id: UUID, session: SessionDep, current_user: CurrentUser) -> fastapi.Response:\n    """Delete a '
        yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
        yield ' (and what cascades with it)."""\n    row = await get_'
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
        yield '(session, item_id, current_user)\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    replies = await service.streaming_replies(session, row.id)  # stopped once it is gone\n'
        yield '    await session.execute(sa.delete('
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
        yield ').where('
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))
        yield '.id == row.id))\n    await session.commit()\n'
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'is_chat_conversation'):
            pass
            yield '    await service.stop_replies(replies)\n'
        yield '    return fastapi.Response(status_code=fastapi.status.HTTP_204_NO_CONTENT)\n'
    for l_1_nested in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'nested_lists'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_nested, 'chat_messages'):
            pass
            yield '\n\n@router.get("/{item_id}/'
            yield str(environment.getattr(l_1_nested, 'segment'))
            yield '", response_model='
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield ')\nasync def read_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_'
            yield str(environment.getattr(l_1_nested, 'name'))
            yield '(\n    item_id: UUID,\n    session: SessionDep,\n    current_user: CurrentUser,\n    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),\n    limit: int = fastapi.Query(default=100, ge=1, le=1000),\n    branch: t.Literal["active", "all"] = fastapi.Query(\n        default="active",\n        description="active: the branch the user follows; all: every message of the tree",\n    ),\n) -> t.Any:\n    """List the '
            yield str(t_3(t_4(context.eval_ctx, environment.getattr(l_1_nested, 'name'), '_', ' ')))
            yield ' of one '
            yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
            yield ', oldest first: its active branch, or its whole tree."""\n    row = await get_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(session, item_id, current_user)\n    shape = await tree.load(session, row.id)\n    listed = shape.order if branch == "all" else shape.branch(shape.leaf(row.active_leaf_id))\n    return await _'
            yield str(environment.getattr(l_1_nested, 'name'))
            yield '_page(session, current_user, shape, listed, skip, limit)\n\n\nasync def _'
            yield str(environment.getattr(l_1_nested, 'name'))
            yield '_page(\n    session: SessionDep,\n    current_user: CurrentUser,\n    shape: tree.Tree,\n    listed: list[UUID],\n    skip: int,\n    limit: int,\n) -> '
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield ':\n    """The page ``skip``, ``limit`` of the messages ``listed`` (in that order), each with its\n    place among its siblings; ``count`` is ``len(listed)``."""\n    wanted = listed[skip : skip + limit]\n    statement = scope_'
            yield str(environment.getattr(l_1_nested, 'target_snake'))
            yield '(bindings.messages_by_id(wanted), current_user)\n    found = {item.id: item for item in await session.scalars(statement)}\n    data = [bindings.public_node(found[i], *shape.siblings(i)) for i in wanted if i in found]\n    return '
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield '(data=data, count=len(listed))\n\n\n@router.put("/{item_id}/branch", response_model='
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield ')\nasync def update_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_branch(\n    item_id: UUID,\n    payload: '
            yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'branch'))
            yield ',\n    session: SessionDep,\n    current_user: CurrentUser,\n    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),\n    limit: int = fastapi.Query(default=100, ge=1, le=1000),\n) -> t.Any:\n    """Follow the branch through message ``leaf_id`` (down to its newest descendant); answer the new active branch."""\n    row = await get_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(session, item_id, current_user)\n    shape = await tree.load(session, row.id)\n    if payload.leaf_id not in shape:\n        detail = [\n            {\n                "type": "value_error",\n                "loc": ["body", "leaf_id"],\n                "msg": "not a message of this '
            yield str(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title')))
            yield '",\n                "input": str(payload.leaf_id),\n            }\n        ]\n        raise fastapi.HTTPException(status_code=422, detail=detail)\n    row.active_leaf_id = shape.descend(payload.leaf_id)\n    await session.commit()\n    await session.refresh(row)\n    await hub.publish_to_user(current_user.id, "conversation.updated", '
            yield str(environment.getattr((undefined(name='names') if l_0_names is missing else l_0_names), 'public'))
            yield '.model_validate(row))\n    listed = shape.branch(row.active_leaf_id)\n    return await _'
            yield str(environment.getattr(l_1_nested, 'name'))
            yield '_page(session, current_user, shape, listed, skip, limit)\n'
        else:
            pass
            yield '\n\n@router.get("/{item_id}/'
            yield str(environment.getattr(l_1_nested, 'segment'))
            yield '", response_model='
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield ')\nasync def read_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '_'
            yield str(environment.getattr(l_1_nested, 'name'))
            yield '(\n    item_id: UUID,\n    session: SessionDep,\n    current_user: CurrentUser,\n    skip: int = fastapi.Query(default=0, ge=0, le=2**31 - 1),\n    limit: int = fastapi.Query(default=100, ge=1, le=1000),\n) -> t.Any:\n    """List the '
            yield str(t_3(t_4(context.eval_ctx, environment.getattr(l_1_nested, 'name'), '_', ' ')))
            yield ' of one '
            yield str(t_3(t_1(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'title'))))
            yield ', oldest first."""\n    row = await get_'
            yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'snake'))
            yield '(session, item_id, current_user)\n    statement = scope_'
            yield str(environment.getattr(l_1_nested, 'target_snake'))
            yield '(\n        sa.select('
            yield str(environment.getattr(l_1_nested, 'target'))
            yield ').where('
            yield str(environment.getattr(l_1_nested, 'target'))
            yield '.'
            yield str(environment.getattr(l_1_nested, 'column'))
            yield ' == row.id),\n        current_user,\n    )\n    count = await session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))\n    rows = await session.scalars(\n        statement.order_by('
            yield str(environment.getattr(l_1_nested, 'order_by_asc'))
            yield ').offset(skip).limit(limit)\n    )\n    return '
            yield str(environment.getattr(l_1_nested, 'list_schema'))
            yield '(\n        data=['
            yield str(environment.getattr(l_1_nested, 'target'))
            yield 'Public.model_validate(item) for item in rows], count=count or 0\n    )\n'
    l_1_nested = missing

blocks = {}
debug_info = '1=39&2=42&3=46&5=51&6=54&9=58&10=62&13=65&14=67&15=69&18=71&21=74&22=76&28=78&29=82&32=86&34=88&35=90&38=92&41=95&42=97&43=99&44=101&46=103&49=106&50=108&51=110&53=112&54=115&55=118&56=121&57=123&59=130&62=135&66=139&67=147&74=151&75=154&79=157&82=160&83=162&84=164&87=166&89=168&90=170&92=174&93=176&94=180&99=186&103=188&104=192&105=194&107=199&115=203&116=206&120=209&124=212&125=214&126=216&127=218&130=222&132=226&137=230&138=233&141=236&142=240&153=244&154=248&157=250&160=252&167=254&171=256&174=258&177=260&178=262&180=264&187=266&194=268&202=270&204=272&208=277&209=281&216=285&217=289&218=291&219=293&224=299&226=301&227=303'
