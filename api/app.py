"""The Flask application factory."""
from __future__ import annotations

import importlib
import logging

import flask_smorest
from flask import Flask, send_from_directory
from werkzeug.routing import IntegerConverter

from api import context, errors, limits, versioning
from api.blueprint import check_request_text
from api.schemas import ErrorSchema
from core.platform.config import Settings
from core.platform.db import MAX_ID
from core.platform.runtime import Runtime

API_DESCRIPTION = """\
Runs Chinese municipal quality awards (市长质量奖) for many quality offices (tenants). Each tenant is
bound to one jurisdiction plugin (a city's regulation) and a dated rule version.

Authenticate with `POST /api/v1/auth/login`, then send `Authorization: Bearer <access_token>`.
Every error is JSON: `{"status", "code", "message", "errors": {field: [reasons]}}`.
"""


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):  # one JSON shape for every error
        return errors.handle_http_exception(error)


class IdConverter(IntegerConverter):
    """``<int:...>`` in our routes matches database ids only (1 .. 2^31-1) written in ASCII digits:
    anything else is a 404, never an overflow inside the database driver, and "٣" (werkzeug's ``\\d``
    matches every script's digits) is never read as 3."""

    regex = "[0-9]+"

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _blueprints() -> list[flask_smorest.Blueprint]:
    from api.resources.audit.routes import blp as audit
    from api.resources.auth.routes import blp as auth
    from api.resources.calendar.routes import blp as calendar
    from api.resources.jobs.routes import blp as jobs
    from api.resources.jurisdictions.routes import blp as jurisdictions
    from api.resources.rules.routes import blp as rules
    from api.resources.rules.routes import tenant_blp as tenant_rules
    from api.resources.tenant.routes import blp as tenant
    from api.resources.tenants.routes import blp as tenants
    from api.resources.users.routes import blp as users

    platform = [auth, jurisdictions, tenants, tenant, users, jobs, audit, calendar, rules, tenant_rules]
    lifecycle = [blueprint for name in LIFECYCLE_RESOURCES
                 for blueprint in importlib.import_module(f"api.resources.{name}.routes").BLUEPRINTS]
    return platform + lifecycle


LIFECYCLE_RESOURCES = ("cycles", "applicants", "applications", "attachments", "recommendations", "screening", "ledger",
                       "review", "notices", "awards", "reports", "dashboard", "impact",
                       "spreadsheets")
"""The packages of api/resources/ for the award lifecycle; each routes module lists its ``BLUEPRINTS``."""


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    settings = settings or (runtime.settings if runtime else Settings.from_env())
    runtime = runtime or Runtime.build(settings)
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.url_map.converters["int"] = IdConverter
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="Mayor's Quality Award platform (市长质量奖)",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="/api/docs-assets/",
        API_SPEC_OPTIONS={"info": {"description": API_DESCRIPTION}},
    )
    if settings.trusted_proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.json.ensure_ascii = False  # Chinese names and citations stay readable
    app.json.sort_keys = False
    app.extensions["mqa"] = runtime
    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in _blueprints():
        api.register_blueprint(blueprint)
    from api.board import board  # the public notice board's HTML pages: on the app, not in the OpenAPI document
    app.register_blueprint(board)
    _publish_facts_schemas(api, runtime)
    errors.install(app)
    versioning.install(app)
    limits.install(app, settings)
    app.before_request(check_request_text)
    app.before_request(context.capture_origin)
    app.teardown_request(context.close_db)  # each request its own session, even under a pushed app context
    app.teardown_appcontext(context.close_db)
    _static_routes(app)
    logging.getLogger("mqa").setLevel(logging.INFO)
    return app


def _publish_facts_schemas(api: Api, runtime: Runtime) -> None:
    """Every installed jurisdiction's facts schemas, as OpenAPI components (one per distinct schema class)."""
    from core.engine.eligibility import facts_schema

    published: dict[type, str] = {}
    for installed in runtime.registry.installed():
        rules = runtime.registry.rules(installed.jurisdiction.code)
        for version in installed.jurisdiction.versions:
            for kind in installed.jurisdiction.entry_kinds:
                try:
                    schema = type(facts_schema(rules, version, kind.code))
                except Exception:  # noqa: BLE001 - a jurisdiction without a schema for a kind publishes none
                    continue
                if schema not in published:
                    name = schema.__name__.removesuffix("Schema")
                    if not schema.__module__.startswith("core."):
                        name = f"{installed.jurisdiction.code}_{name}"
                    published[schema] = name
                    api.spec.components.schema(name, schema=schema)


def _static_routes(app: Flask) -> None:
    import swagger_ui_bundle

    @app.get("/api/docs-assets/<path:filename>")
    def swagger_assets(filename: str):  # the docs page works offline: no CDN
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    @app.get("/")
    def index():
        return {"service": "mayor-quality-award", "docs": "/api/docs", "openapi": "/api/openapi.json",
                "api": "/api/v1"}
