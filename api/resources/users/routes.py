"""A tenant's users and roles, managed by the tenant's office admins."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal
from api.idempotency import idempotent
from api.paging import page_of
from api.resources.users.schemas import UserCreateSchema, UserQuerySchema, UserSchema, UserUpdateSchema
from core.platform.permissions import Permission
from core.platform.services import users as user_service

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="The tenant's users and their roles")
blp.tenant_scoped = True
versioning.install(blp)


@blp.route("")
class Users(MethodView):
    @blp.auth(Permission.USERS_READ)
    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, page_of(UserSchema))
    def get(self, query):
        """List the tenant's users, a page at a time in the order they were created."""
        return user_service.users_page(db(), **query)

    @blp.auth(Permission.USERS_MANAGE)
    @idempotent(blp)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Create a user of the tenant with a role."""
        user = user_service.create_user(db(), principal(), **data)
        return user, versioning.etag(user.version)


@blp.route("/<int:user_id>")
class UserById(MethodView):
    @blp.auth(Permission.USERS_READ)
    @blp.response(200, UserSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, user_id):
        """One user of the tenant; the ETag is its version."""
        user = user_service.get_user(db(), user_id)
        return user, versioning.etag(user.version)

    @blp.auth(Permission.USERS_MANAGE)
    @versioning.documented(blp)
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, user_id):
        """Change a user's name, role, password, active flag or language (If-Match: the version you read)."""
        user = user_service.update_user(db(), principal(), user_id, expected_version=versioning.if_match(), **data)
        return user, versioning.etag(user.version)
