"""Site-wide views: search and robots.txt."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from home.http_caching import add_page_cache_headers
from home.selectors import (
    clean_search_query,
    pages_in_order,
    search_public_page_ids,
)
from home.tasks import record_search_task

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    page_ids = search_public_page_ids(
        query=query, site=Site.find_for_request(request), user=request.user
    )
    if query:
        record_search_task.enqueue(query)
    paginator = Paginator(page_ids, RESULTS_PER_PAGE)
    try:
        results_page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        results_page = paginator.page(1)
    except EmptyPage:
        results_page = paginator.page(paginator.num_pages)
    results_page.object_list = pages_in_order(list(results_page.object_list))
    response = TemplateResponse(
        request,
        "pages/search.html",
        {"search_query": query, "results": results_page, "paginator": paginator},
    )
    # Stored like pages for anonymous visitors (home.page_cache): a query's
    # hit is then counted once per rendering, not once per visitor.
    return add_page_cache_headers(request, response)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )
