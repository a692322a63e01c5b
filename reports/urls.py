from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("foerderbericht/", views.report_list, name="report_list"),
    path("foerderbericht/neu/", views.report_new, name="report_new"),
    path("foerderbericht/<int:pk>/", views.report_detail, name="report_detail"),
    path("foerderbericht/<int:pk>/neu-starten/", views.report_restart, name="report_restart"),
    path("foerderbericht/<int:pk>/pdf/", views.report_download, name="report_download"),
]
