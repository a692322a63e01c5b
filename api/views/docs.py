"""The browsable API documentation: Swagger UI from the installed static files (no CDN).

The split view serves the page and its start script separately, so the
content security policy needs no inline script.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = "MSO-Förderung API"


swagger_ui = ApiDocs.as_view()
