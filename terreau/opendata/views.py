"""The open data's pages and files. Each file is computed when asked (the
datasets are small and change every day); conditional GET (ETag) lets a
harvester skip what did not change."""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .datasets import BY_SLUG, DATASETS, LICENCE, cell

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def _dataset(slug):
    if slug not in BY_SLUG:
        raise Http404
    return BY_SLUG[slug]


def _rows(dataset):
    return [{c.name: cell(row.get(c.name)) for c in dataset.columns} for row in dataset.rows()]


def index(request):
    return render(request, "opendata/index.html", {"datasets": DATASETS, "licence": LICENCE})


def as_csv(request, slug):
    dataset = _dataset(slug)
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[c.name for c in dataset.columns], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(_rows(dataset))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="%s.csv"' % slug
    return response


def as_json(request, slug):
    dataset = _dataset(slug)
    return JsonResponse(_rows(dataset), safe=False, json_dumps_params=JSON_OPTIONS)


def schema(request, slug):
    return JsonResponse(_dataset(slug).schema(), json_dumps_params=JSON_OPTIONS)


def datapackage(request):
    """A Data Package (frictionless) describing every dataset."""
    package = {
        "name": "terreau",
        "title": "Terreau : données ouvertes",
        "homepage": settings.SITE_URL + reverse("opendata:index"),
        "licenses": [LICENCE],
        "resources": [
            {
                "name": dataset.slug,
                "title": dataset.title,
                "description": dataset.description,
                "path": reverse("opendata:csv", args=[dataset.slug]).rsplit("/", 1)[-1],
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": dataset.schema(),
            }
            for dataset in DATASETS
        ],
    }
    return JsonResponse(package, json_dumps_params=JSON_OPTIONS)


def catalogue(request):
    """DCAT (JSON-LD), the vocabulary data.gouv.fr harvests."""
    base = settings.SITE_URL
    modified = timezone.now().date().isoformat()
    graph = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": base + reverse("opendata:catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": "Terreau : données ouvertes",
        "dct:language": "fr",
        "foaf:homepage": base + reverse("opendata:index"),
        "dct:license": LICENCE["path"],
        "dcat:dataset": [
            {
                "@id": base + reverse("opendata:index") + "#" + dataset.slug,
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.slug,
                "dct:title": dataset.title,
                "dct:description": dataset.description,
                "dct:license": LICENCE["path"],
                "dct:modified": modified,
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:format": fmt,
                        "dcat:mediaType": media,
                        "dcat:downloadURL": base + reverse(name, args=[dataset.slug]),
                        "dct:license": LICENCE["path"],
                    }
                    for fmt, media, name in (
                        ("CSV", "text/csv", "opendata:csv"),
                        ("JSON", "application/json", "opendata:json"),
                    )
                ],
            }
            for dataset in DATASETS
        ],
    }
    response = JsonResponse(graph, json_dumps_params=JSON_OPTIONS)
    response["Content-Type"] = "application/ld+json"
    return response
