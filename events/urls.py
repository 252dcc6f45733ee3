from django.urls import include, path

from .views import (
    charters,
    committees,
    event_delete,
    meetings,
    minutes,
    organiser,
    partner,
    public,
    setup_rows,
)

app_name = "events"

# The back office, grouped by prefix: a public address is matched against a
# handful of prefixes, not every coordinator page (registration is the hot
# path, bench/bench_registration.py).
E = "<int:pk>/"

# Coordinators: /evenements/…
event_pages = [
    path("", organiser.EventListView.as_view(), name="orga_event_list"),
    path(
        "nouveau/",
        organiser.EventCreateView.as_view(),
        name="orga_event_create",
    ),
    path(E, organiser.EventDetailView.as_view(), name="orga_event_detail"),
    path(
        E + "modifier/", organiser.EventUpdateView.as_view(), name="orga_event_update"
    ),
    path(
        E + "dupliquer/",
        organiser.EventDuplicateView.as_view(),
        name="orga_event_duplicate",
    ),
    path(
        E + "organisation/", organiser.EventSetupView.as_view(), name="orga_event_setup"
    ),
    path(
        E + "organisation/<str:what>/ajouter/",
        organiser.EventSetupAddView.as_view(),
        name="orga_event_setup_add",
    ),
    path(
        E + "organisation/<str:what>/<int:obj>/supprimer/",
        organiser.EventSetupDeleteView.as_view(),
        name="orga_event_setup_delete",
    ),
    path(
        E + "parties/<int:part>/modifier/",
        organiser.PartUpdateView.as_view(),
        name="orga_part_update",
    ),
    path(
        E + "parties/<int:part>/retirer/",
        organiser.PartDeleteView.as_view(),
        name="orga_part_delete",
    ),
    path(E + "statut/", organiser.EventStatusView.as_view(), name="orga_event_status"),
    path(E + "programme/", organiser.ProgrammeView.as_view(), name="orga_programme"),
    path(
        E + "programme/ajouter/",
        organiser.AgendaItemCreateView.as_view(),
        name="orga_agenda_item_create",
    ),
    path(
        E + "programme/ordre/",
        organiser.ProgrammeReorderView.as_view(),
        name="orga_programme_reorder",
    ),
    path(
        E + "programme/<int:item>/",
        organiser.AgendaItemUpdateView.as_view(),
        name="orga_agenda_item_update",
    ),
    path(
        E + "programme/<int:item>/supprimer/",
        organiser.AgendaItemDeleteView.as_view(),
        name="orga_agenda_item_delete",
    ),
    path(
        E + "programme/<int:item>/duree/",
        organiser.AgendaItemDurationView.as_view(),
        name="orga_agenda_item_duration",
    ),
    path(
        E + "programme/<int:item>/intervenants/",
        organiser.SpeakerAddView.as_view(),
        name="orga_speaker_add",
    ),
    path(
        E + "programme/<int:item>/intervenants/<int:speaker>/supprimer/",
        organiser.SpeakerDeleteView.as_view(),
        name="orga_speaker_delete",
    ),
    path(
        E + "programme/annuler/",
        organiser.ProgrammeUndoView.as_view(),
        name="orga_programme_undo",
    ),
    path(
        E + "programme/intervenants/suggestions/",
        organiser.SpeakerSuggestView.as_view(),
        name="orga_speaker_suggest",
    ),
    path(
        E + "programme/intervenants/ajout-rapide/",
        organiser.SpeakerInlineAddView.as_view(),
        name="orga_speaker_quick_add",
    ),
    path(
        E + "programme/<int:item>/<str:direction>/",
        organiser.AgendaItemMoveView.as_view(),
        name="orga_agenda_item_move",
    ),
    path(
        E + "inscrits/", organiser.AttendeeListView.as_view(), name="orga_attendee_list"
    ),
    path(
        E + "inscrits/export.<str:format>",
        organiser.AttendeeExportView.as_view(),
        name="orga_attendee_export",
    ),
    path(E + "accueil/", organiser.CheckInView.as_view(), name="orga_checkin"),
    path(
        E + "accueil/<int:registration>/",
        organiser.CheckInToggleView.as_view(),
        name="orga_checkin_toggle",
    ),
    path(
        E + "accueil/inscrire/",
        organiser.RegistrationByHandView.as_view(),
        name="orga_registration_by_hand",
    ),
    path(
        E + "seances/",
        organiser.SessionAttendanceView.as_view(),
        name="orga_session_attendance",
    ),
]

# Meetings: /reunions/…
meeting_pages = [
    path("", meetings.MeetingListView.as_view(), name="orga_meeting_list"),
    path(
        "<int:pk>/",
        meetings.MeetingDetailView.as_view(),
        name="orga_meeting_detail",
    ),
    path(
        "<int:pk>/<str:what>/ajouter/",
        meetings.MeetingAddView.as_view(),
        name="orga_meeting_add",
    ),
    path(
        "<int:pk>/<str:what>/<int:obj>/supprimer/",
        meetings.MeetingDeleteView.as_view(),
        name="orga_meeting_delete",
    ),
    path(
        "<int:pk>/points/<int:point>/",
        minutes.MinutesRowUpdateView.as_view(),
        name="orga_agenda_point_update",
    ),
    path(
        "<int:pk>/<str:what>/<int:obj>/modifier/",
        minutes.MinutesRowUpdateView.as_view(),
        name="orga_minutes_row_update",
    ),
    path(
        "<int:pk>/presents/candidats/",
        minutes.AttendeeCandidatesView.as_view(),
        name="orga_attendee_candidates",
    ),
    path(
        "<int:pk>/presents/liste/",
        minutes.AttendeesAddView.as_view(),
        name="orga_attendees_add",
    ),
    path(
        "<int:pk>/actions/<int:action>/statut/",
        meetings.ActionStatusView.as_view(),
        name="orga_action_status",
    ),
    path(
        "<int:pk>/prochaine/",
        meetings.NextMeetingView.as_view(),
        name="orga_next_meeting",
    ),
]

# Funders and partners: /espace/evenements/…
funder_pages = [
    path(
        "",
        partner.FundedEventListView.as_view(),
        name="partner_event_list",
    ),
    path(
        "<int:pk>/",
        partner.FundedEventDetailView.as_view(),
        name="partner_event_detail",
    ),
]

urlpatterns = [
    # Public, first
    path(
        "e/<slug:slug>/", public.EventPublicView.as_view(), name="public_event_detail"
    ),
    path(
        "e/<slug:slug>/programme.ics",
        public.ProgrammeIcsView.as_view(),
        name="public_programme_ics",
    ),
    path(
        "e/<slug:slug>/inscription/",
        public.RegistrationView.as_view(),
        name="public_registration",
    ),
    path(
        "e/<slug:slug>/inscription/structures/",
        public.OrganisationSearchView.as_view(),
        name="public_organisation_search",
    ),
    path(
        "e/<slug:slug>/inscription/<uuid:token>/",
        public.RegistrationDoneView.as_view(),
        name="public_registration_done",
    ),
    path(
        "inscription/<uuid:token>/annuler/",
        public.RegistrationCancelView.as_view(),
        name="public_registration_cancel",
    ),
    path("evenements/", include(event_pages)),
    path("series/", organiser.SeriesListView.as_view(), name="orga_series_list"),
    path(
        "series/nouvelle/",
        organiser.SeriesCreateView.as_view(),
        name="orga_series_create",
    ),
    path(
        "series/<int:pk>/modifier/",
        organiser.SeriesUpdateView.as_view(),
        name="orga_series_update",
    ),
    path(
        "series/<int:pk>/supprimer/",
        organiser.SeriesDeleteView.as_view(),
        name="orga_series_delete",
    ),
    path(
        "series/<int:pk>/",
        organiser.SeriesDetailView.as_view(),
        name="orga_series_detail",
    ),
    path("reunions/", include(meeting_pages)),
    path("comites/", meetings.CommitteeListView.as_view(), name="orga_committee_list"),
    path(
        "comites/<int:pk>/",
        meetings.CommitteeDetailView.as_view(),
        name="orga_committee_detail",
    ),
    path("espace/evenements/", include(funder_pages)),
]

# Committees: make, change, delete; add and remove members.
urlpatterns += [
    path(
        "comites/nouveau/",
        committees.CommitteeFormView.as_view(),
        name="orga_committee_create",
    ),
    path(
        "comites/<int:pk>/modifier/",
        committees.CommitteeFormView.as_view(),
        name="orga_committee_update",
    ),
    path(
        "comites/<int:pk>/supprimer/",
        committees.CommitteeDeleteView.as_view(),
        name="orga_committee_delete",
    ),
    path(
        "comites/<int:pk>/membres/",
        committees.CommitteeMemberAddView.as_view(),
        name="orga_committee_member_add",
    ),
    path(
        "comites/<int:pk>/membres/<int:member_pk>/retirer/",
        committees.CommitteeMemberRemoveView.as_view(),
        name="orga_committee_member_remove",
    ),
]

# A room, stand, team role, budget line or session of an event: edit.
urlpatterns += [
    path(
        "evenements/<int:pk>/organisation/<str:what>/<int:obj>/modifier/",
        setup_rows.EventSetupEditView.as_view(),
        name="orga_event_setup_update",
    ),
]

# Delete an event (confirmed); charters and their versions.
urlpatterns += [
    path(
        "evenements/<int:pk>/supprimer/",
        event_delete.EventDeleteView.as_view(),
        name="orga_event_delete",
    ),
    path("chartes/", charters.CharterListView.as_view(), name="orga_charter_list"),
    path(
        "chartes/nouvelle/",
        charters.CharterFormView.as_view(),
        name="orga_charter_create",
    ),
    path(
        "chartes/<int:pk>/",
        charters.CharterDetailView.as_view(),
        name="orga_charter_detail",
    ),
    path(
        "chartes/<int:pk>/modifier/",
        charters.CharterFormView.as_view(),
        name="orga_charter_update",
    ),
    path(
        "chartes/<int:pk>/supprimer/",
        charters.CharterDeleteView.as_view(),
        name="orga_charter_delete",
    ),
    path(
        "chartes/<int:pk>/versions/",
        charters.CharterVersionAddView.as_view(),
        name="orga_charter_version_add",
    ),
    path(
        "chartes/<int:pk>/versions/<int:version>/modifier/",
        charters.CharterVersionUpdateView.as_view(),
        name="orga_charter_version_update",
    ),
]
