from django.urls import path

from .views import jobs

app_name = "reports"

urlpatterns = [
    path("documents/", jobs.JobListView.as_view(), name="job_list"),
    path("documents/generer/", jobs.JobRequestView.as_view(), name="job_request"),
    path("documents/<uuid:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path(
        "documents/<uuid:pk>/statut/", jobs.JobStatusView.as_view(), name="job_status"
    ),
    path(
        "documents/<uuid:pk>/telecharger/",
        jobs.JobDownloadView.as_view(),
        name="job_download",
    ),
    path(
        "documents/<uuid:pk>/relancer/", jobs.JobRetryView.as_view(), name="job_retry"
    ),
    path("documents/<uuid:pk>/envoyer/", jobs.JobSendView.as_view(), name="job_send"),
]
