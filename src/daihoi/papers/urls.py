from django.urls import path

from daihoi.papers import phone, views

urlpatterns = [
    # The secretariat's pages.
    path("congresses/<int:pk>/papers/", views.congress_papers, name="congress_papers"),
    path(
        "congresses/<int:pk>/papers/screen/",
        views.congress_papers_screen,
        name="congress_papers_screen",
    ),
    path("congresses/<int:pk>/papers/<int:pid>/", views.congress_paper, name="congress_paper"),
    path(
        "congresses/<int:pk>/papers/<int:pid>/withdraw/",
        views.congress_paper_withdraw,
        name="congress_paper_withdraw",
    ),
    path(
        "congresses/<int:pk>/papers/<int:pid>/republish/",
        views.congress_paper_republish,
        name="congress_paper_republish",
    ),
    path(
        "congresses/<int:pk>/papers/<int:pid>/v<int:number>/file",
        views.congress_paper_file,
        name="congress_paper_file",
    ),
    # The delegate's phone, under the vote link (no account).
    path("v/papers/<int:pk>/", phone.phone_papers_find, name="phone_papers_find"),
    path("v/<str:token>/papers/", phone.phone_papers, name="phone_papers"),
    path("v/<str:token>/papers/sw.js", phone.phone_papers_worker, name="phone_papers_worker"),
    path("v/<str:token>/papers/<int:pid>/", phone.phone_paper, name="phone_paper"),
    path(
        "v/<str:token>/papers/<int:pid>/v<int:number>/",
        phone.phone_paper_version,
        name="phone_paper_version",
    ),
    path(
        "v/<str:token>/papers/<int:pid>/v<int:number>/file",
        phone.phone_paper_file,
        name="phone_paper_file",
    ),
]
