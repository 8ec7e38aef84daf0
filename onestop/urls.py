from django.urls import path

from onestop import views

app_name = "onestop"
urlpatterns = [
    path("<str:code>/<year:year>/<quarter:quarter>/accept/", views.accept, name="accept"),
    path("<str:code>/<year:year>/<quarter:quarter>/override/", views.override, name="override"),
]
