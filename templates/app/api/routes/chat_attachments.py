"""Image attachments under ``/attachments`` (below the API prefix): upload one (multipart
``file``), read its bytes back, delete it. Only its owner sees an attachment: another user's
is a 404 exactly like a missing one. A message sends uploaded attachments by id
(``message.send`` with ``attachments: [id]``, see ``app.chat.attachments``)."""

import typing as t
import uuid

import fastapi
import starlette.datastructures

from app.api.deps import CurrentUser, SessionDep
from app.chat import attachments
from app.schemas import ChatAttachmentPublic

router = fastapi.APIRouter(prefix="/attachments", tags=["attachments"])
StorageDep = t.Annotated[attachments.Storage, fastapi.Depends(attachments.get_storage)]
NOT_FOUND = "Attachment not found"
FORM_OVERHEAD = 16_384  # bytes of multipart framing allowed above the image's own limit
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}
IMAGE_HEADERS = {
    "X-Content-Type-Options": "nosniff",  # the browser keeps the sniffed, stored type
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
    "Cache-Control": "private, max-age=3600",
}


@router.post(
    "",
    response_model=ChatAttachmentPublic,
    status_code=fastapi.status.HTTP_201_CREATED,
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def create_attachment(
    request: fastapi.Request, session: SessionDep, current_user: CurrentUser, storage: StorageDep
) -> t.Any:
    """Upload an image (multipart ``file``); its type is read from the bytes.

    413 when larger than the limit (refused from ``Content-Length`` before the body is read),
    411 without ``Content-Length``, 415 when not an accepted image, 422 without a file.
    """
    limit = attachments.policy().max_bytes
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise fastapi.HTTPException(status_code=411, detail="Content-Length is required")
    if int(length) > limit + FORM_OVERHEAD:
        raise fastapi.HTTPException(status_code=413, detail=f"file: larger than {limit} bytes")
    async with request.form(max_files=1, max_fields=0) as form:
        upload = form.get("file")
        if not isinstance(upload, starlette.datastructures.UploadFile):
            raise fastapi.HTTPException(
                status_code=422, detail="file: a multipart file is required"
            )
        data = await upload.read(limit + 1)  # one byte over the limit: too large
    try:
        return await attachments.create(session, current_user.id, data, storage)
    except attachments.AttachmentError as err:
        raise fastapi.HTTPException(status_code=err.status, detail=err.message) from err


@router.get(
    "/{attachment_id}",
    response_class=fastapi.Response,
    responses={200: {"content": {media_type: {} for media_type in attachments.MEDIA_TYPES}}},
)
async def read_attachment(
    attachment_id: uuid.UUID, session: SessionDep, current_user: CurrentUser, storage: StorageDep
) -> fastapi.Response:
    """The image's bytes, with the type recognised at upload."""
    row = await attachments.owned(session, current_user.id, attachment_id)
    if row is None:
        raise fastapi.HTTPException(status_code=404, detail=NOT_FOUND)
    try:
        data = await storage.load(row.storage_key)
    except KeyError as err:
        raise fastapi.HTTPException(status_code=404, detail=NOT_FOUND) from err
    return fastapi.Response(content=data, media_type=row.media_type, headers=IMAGE_HEADERS)


@router.delete("/{attachment_id}", status_code=fastapi.status.HTTP_204_NO_CONTENT)
async def delete_attachment(
    attachment_id: uuid.UUID, session: SessionDep, current_user: CurrentUser, storage: StorageDep
) -> None:
    """Delete an image (a sent one disappears from its message)."""
    row = await attachments.owned(session, current_user.id, attachment_id)
    if row is None:
        raise fastapi.HTTPException(status_code=404, detail=NOT_FOUND)
    await attachments.remove(session, row, storage)
