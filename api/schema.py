"""OpenAPI additions: the token scheme and the problem-details answers of every operation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.pagination import MAX_ID
from api.problems import PROBLEM_TYPE, TITLES

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("API-Token der Behörde, angelegt in der Verwaltung (Lesen oder Lesen und Schreiben).")),
        }


def add_problem_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS: every operation documents its error answers as problem details."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for methods in result["paths"].values():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=1, maximum=MAX_ID)
            codes = [400, 404, 405, 429]
            if operation.get("security") and {} not in operation["security"]:
                codes += [401, 403]
            if method == "post":
                codes += [409, 415]
            for code in sorted(codes):
                operation["responses"].setdefault(str(code), {
                    "description": str(TITLES[code]),
                    "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                })
    return result
