from django.urls import path

from . import feeds, views

app_name = "editorial"

urlpatterns = [
    path("media/", views.story_list, name="list"),
    path("media/redaction/", views.desk, name="desk"),
    path("media/redaction/nouveau/", views.create, name="create"),
    path("media/redaction/<int:pk>/", views.edit, name="edit"),
    path("media/redaction/<int:pk>/liens/", views.links, name="links"),
    path("media/redaction/<int:pk>/relecture/", views.submit, name="submit"),
    path("media/redaction/<int:pk>/publier/", views.publish, name="publish"),
    path("media/redaction/<int:pk>/depublier/", views.unpublish, name="unpublish"),
    path("media/redaction/<int:pk>/corriger/", views.correct, name="correct"),
    path("media/redaction/<int:pk>/images/", views.add_image, name="add_image"),
    path("media/redaction/<int:pk>/consentement/", views.record_consent, name="record_consent"),
    path("media/consentements/<int:pk>/retirer/", views.withdraw_consent, name="withdraw_consent"),
    path(
        "media/redaction/<int:pk>/images/<int:image_pk>/retirer/",
        views.remove_image,
        name="remove_image",
    ),
    path("media/redaction/<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("media/redaction/episodes/nouveau/", views.episode_create, name="episode_create"),
    path("media/redaction/episodes/<int:pk>/", views.episode_edit, name="episode_edit"),
    path(
        "media/redaction/episodes/<int:pk>/publier/",
        views.episode_publish,
        name="episode_publish",
    ),
    path(
        "media/redaction/episodes/<int:pk>/depublier/",
        views.episode_unpublish,
        name="episode_unpublish",
    ),
    path("media/redaction/videos/nouvelle/", views.video_create, name="video_create"),
    path("media/redaction/videos/<int:pk>/", views.video_edit, name="video_edit"),
    path("media/redaction/videos/<int:pk>/publier/", views.video_publish, name="video_publish"),
    path(
        "media/redaction/videos/<int:pk>/depublier/",
        views.video_unpublish,
        name="video_unpublish",
    ),
    path("media/videos/<slug:slug>/", views.video_detail, name="video"),
    path("media/videos/<slug:slug>/video.<str:ext>", views.video_file, name="video_file"),
    path("media/videos/<slug:slug>/sous-titres.vtt", views.video_captions, name="video_captions"),
    path("media/videos/<slug:slug>/affiche.jpg", views.video_poster, name="video_poster"),
    path("media/images/<slug:key>-<int:width>.jpg", views.image, name="image"),
    path("media/<slug:slug>/", views.story_detail, name="story"),
    path("podcast/", views.podcast, name="podcast"),
    path("podcast/rss/", feeds.PodcastFeed(), name="podcast_feed"),
    path("podcast/<slug:slug>/", views.episode_detail, name="episode"),
    path("podcast/<slug:slug>/audio.<str:ext>", views.episode_audio, name="episode_audio"),
    path(
        "podcast/<slug:slug>/transcription.txt",
        views.episode_transcript,
        name="episode_transcript",
    ),
    path("podcast/<slug:slug>/chapitres.json", views.episode_chapters, name="episode_chapters"),
    path("rss/", feeds.StoriesFeed(), name="feed"),
    path("rss/<kind:kind>/<code:code>/", feeds.TerritoryStoriesFeed(), name="territory_feed"),
]
