from django.urls import path, re_path

from api import opendata

app_name = "opendata"

urlpatterns = [
    path("", opendata.index, name="index"),
    re_path(r"^(?P<pk>[0-9]{1,18})/(?P<year>[0-9]{4})/$", opendata.grants_year, name="year"),
    re_path(r"^(?P<pk>[0-9]{1,18})/(?P<year>[0-9]{4})/zuwendungen\.(?P<fmt>csv|json)$", opendata.grants_file, name="file"),
]
