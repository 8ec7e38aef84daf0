from django.apps import AppConfig


class PublicConfig(AppConfig):
    """What the council shows citizens without a login: the official rankings,
    the approved figures of the periods it released, its supervisions with their
    conclusions and recommendations, its issued documents; the same as open data
    (CSV, JSON, the API). Only what a Publication row marks as published."""

    name = "public"
    verbose_name = "Công khai"
