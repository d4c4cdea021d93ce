from flask.views import MethodView

from api.blueprint import Blueprint
from api.context import runtime
from api.resources.jurisdictions.schemas import JurisdictionSchema
from core.platform.permissions import Permission

blp = Blueprint("jurisdictions", __name__, url_prefix="/api/v1/jurisdictions",
                description="Installed jurisdiction plugins and their rule versions")


@blp.route("")
class Jurisdictions(MethodView):
    @blp.auth(Permission.JURISDICTIONS_READ)
    @blp.response(200, JurisdictionSchema(many=True))
    def get(self):
        """List installed jurisdictions, with their dated rule versions and the hooks they implement."""
        return runtime().registry.installed()


@blp.route("/<string:code>")
class JurisdictionByCode(MethodView):
    @blp.auth(Permission.JURISDICTIONS_READ)
    @blp.response(200, JurisdictionSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, code):
        """One installed jurisdiction."""
        return runtime().registry.get(code)
