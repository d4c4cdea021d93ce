"""A tenant's users and roles, managed by the tenant's office admins."""
from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import db, principal
from api.resources.users.schemas import UserCreateSchema, UserQuerySchema, UserSchema, UserUpdateSchema
from core.permissions import Permission
from core.services import users as user_service

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="The tenant's users and their roles")
blp.tenant_scoped = True


@blp.route("")
class Users(MethodView):
    @blp.auth(Permission.USERS_READ)
    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, UserSchema(many=True))
    def get(self, query):
        """List the tenant's users."""
        return user_service.list_users(db(), **query)

    @blp.auth(Permission.USERS_MANAGE)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """Create a user of the tenant with a role."""
        return user_service.create_user(db(), principal(), **data)


@blp.route("/<int:user_id>")
class UserById(MethodView):
    @blp.auth(Permission.USERS_READ)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, user_id):
        """One user of the tenant."""
        return user_service.get_user(db(), user_id)

    @blp.auth(Permission.USERS_MANAGE)
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def patch(self, data, user_id):
        """Change a user's name, role, password or active flag."""
        return user_service.update_user(db(), principal(), user_id, **data)
