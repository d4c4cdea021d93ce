"""Local recommendations (推荐) of applications, recorded by the office before acceptance."""
from flask.views import MethodView

from api import versioning
from api.blueprint import Blueprint
from api.context import db, principal, runtime
from api.resources.recommendations.schemas import RecommendationPutSchema, RecommendationSchema
from core.applications import recommendations as service
from core.platform.permissions import Permission

blp = Blueprint("recommendations", __name__, url_prefix="/api/v1",
                description="Local recommendations (推荐) of applications")
blp.tenant_scoped = True
versioning.install(blp)


@blp.route("/applications/<int:application_id>/recommendation")
class ApplicationRecommendation(MethodView):
    @blp.auth(Permission.APPLICATIONS_READ, Permission.APPLY)
    @blp.response(200, RecommendationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, application_id):
        """The recommendation recorded for an application (the office and supervisors: any; an applicant:
        its own); 404 while none is recorded."""
        row = service.get_recommendation(db(), principal(), application_id)
        return row, versioning.etag(row.version)

    @blp.auth(Permission.SCREENING)
    @versioning.documented(blp, required=False)
    @blp.arguments(RecommendationPutSchema)
    @blp.response(200, RecommendationSchema, headers=versioning.ETAG_HEADER)
    @blp.alt_response(404, response="NOT_FOUND")
    def put(self, data, application_id):
        """Record or replace the local recommendation of a submitted application, where the regulation asks
        for one (409 where it asks for none). The internal notice's length, the recommendation's date and
        the absence of objections are checked against the articles (422 naming the field and the article).
        If-Match is optional: checked when sent ("0" records only if none is recorded yet)."""
        row, _created = service.record(db(), runtime().registry, principal(), application_id,
                                       expected_version=versioning.if_match(required=False), **data)
        return row, versioning.etag(row.version)


BLUEPRINTS = [blp]
