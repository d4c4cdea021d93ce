from flask.views import MethodView

from api.blueprint import Blueprint, bearer_token
from api.context import db, principal, runtime
from api.resources.auth.schemas import LoginSchema, MeSchema, TokenSchema
from core.services import auth as auth_service

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Log in and out")


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data):
        """Exchange a username and password for a bearer token.

        Tenant users name their tenant; central admins omit it. Repeated failures lock the
        account for a while (429 with Retry-After); a suspended tenant's users get 403.
        """
        issued = auth_service.login(db(), runtime().settings, username=data["username"],
                                    password=data["password"], tenant_code=data["tenant"])
        return {"access_token": issued.token, "token_type": "Bearer", "expires_at": issued.expires_at}


@blp.route("/logout")
class Logout(MethodView):
    @blp.auth()
    @blp.response(204)
    def post(self):
        """Revoke the token used for this request."""
        auth_service.logout(db(), bearer_token())


@blp.route("/me")
class Me(MethodView):
    @blp.auth()
    @blp.response(200, MeSchema)
    def get(self):
        """Who the token belongs to, with role and permissions."""
        return principal()
