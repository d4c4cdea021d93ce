"""What the attachments resource reads and shows: metadata only (the bytes travel raw)."""
import marshmallow as ma

from api.paging import PageQuerySchema
from api.schemas import Boolean, StrictSchema

TRADE_SECRET_HELP = ("true marks the file a trade secret (Changde 第三十八条): only the office and the experts "
                     "assigned to the application read it, and every read is audited")


class UploadQuerySchema(StrictSchema):
    filename = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=255), metadata={
        "description": "The file's name, with the extension of its type (kept sanitized, at most 200 characters)"})
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    trade_secret = Boolean(load_default=False, metadata={"description": TRADE_SECRET_HELP})


class AttachmentQuerySchema(PageQuerySchema):
    pass


class AttachmentUpdateSchema(StrictSchema):
    description = ma.fields.String(validate=ma.validate.Length(max=500))
    trade_secret = Boolean(metadata={"description": TRADE_SECRET_HELP})


class AttachmentSchema(ma.Schema):
    id = ma.fields.Integer()
    application_id = ma.fields.Integer()
    filename = ma.fields.String()
    media_type = ma.fields.String()
    size = ma.fields.Integer(metadata={"description": "bytes"})
    sha256 = ma.fields.String(metadata={"description": "hex SHA-256 of the bytes, checked on every read"})
    description = ma.fields.String()
    trade_secret = ma.fields.Boolean(metadata={"description": TRADE_SECRET_HELP})
    storage = ma.fields.String(metadata={"description": "database or directory"})
    scan_status = ma.fields.Function(lambda a: a.scan_status.value,
                                     metadata={"description": "not_scanned, clean or infected"})
    scan_note = ma.fields.String()
    uploaded_by_id = ma.fields.Integer(allow_none=True)
    uploaded_at = ma.fields.DateTime()
    version = ma.fields.Integer(metadata={"description": 'Send as If-Match: "<version>" to change the attachment'})
