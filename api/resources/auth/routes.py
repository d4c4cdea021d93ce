from flask.views import MethodView

from api.blueprint import Blueprint, bearer_token
from api.context import client_address, db, principal, runtime
from api import versioning
from api.resources.auth.schemas import LoginSchema, MeSchema, MeUpdateSchema, TokenSchema
from api.schemas import ErrorSchema
from api.i18n import USER_LOCALE
from core.platform.services import auth as auth_service
from core.platform.services import users as user_service

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Log in and out")
versioning.install(blp)

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                               "schema": {"type": "integer", "minimum": 1}}}
LOGIN_ENDPOINT = "auth.Login"
"""The endpoint :func:`api.limits.install` gives the strict per-address limit."""


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(429, schema=ErrorSchema, headers=RETRY_AFTER, description=(
        "Too many requests from this address (code `too_many_requests`), or too many failed logins of "
        "this name (code `account_locked`): retry after the number of seconds in `Retry-After`"))
    def post(self, data):
        """Exchange a username and password for a bearer token.

        Tenant users name their tenant; central admins omit it. Each client address may try a few
        times a minute. Repeated failures of a name from one address lock that name for that address
        for a while; many failures of a name from every address together lock it for the addresses it
        has not logged in from recently (429 with Retry-After). A suspended tenant's users get 403.
        """
        issued = auth_service.login(db(), runtime().settings, username=data["username"],
                                    password=data["password"], tenant_code=data["tenant"],
                                    client_address=client_address())
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

    @blp.auth()
    @versioning.documented(blp, required=False)
    @blp.arguments(MeUpdateSchema)
    @blp.response(200, MeSchema)
    def patch(self, data):
        """Choose the language the service writes you in (your own setting; If-Match optional: your user's
        version as GET /api/v1/users/<id> shows it to an office)."""
        from flask import request

        user = user_service.update_user(db(), principal(), principal().user_id, locale=data["locale"],
                                        expected_version=versioning.if_match(required=False))
        setattr(request, USER_LOCALE, user.locale)  # this answer is already in the new language
        return principal()
