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
    path(
        "media/redaction/<int:pk>/images/<int:image_pk>/retirer/",
        views.remove_image,
        name="remove_image",
    ),
    path("media/redaction/<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("media/images/<slug:key>-<int:width>.jpg", views.image, name="image"),
    path("media/<slug:slug>/", views.story_detail, name="story"),
    path("rss/", feeds.StoriesFeed(), name="feed"),
    path("rss/<kind:kind>/<code:code>/", feeds.TerritoryStoriesFeed(), name="territory_feed"),
]
