"""What every gunicorn worker would otherwise do on its first requests, done
once in the master before it forks (``docker/gunicorn.conf.py``): the workers
start warm and share it all copy-on-write.

Measured on a worker without it: its first GET of a registration form cost
1.1 s of CPU (URL patterns compiled for the language, the Redis client
imported, the templates compiled) and its first POST 0.15 s (the email
validator's patterns, the task modules), against 3 and 14 ms afterwards.
At the opening of registration every worker pays that at once, while the
rush is on.

Nothing here opens a connection: a socket opened before the fork would be
shared by every worker.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.validators import validate_email
from django.template import engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

TEMPLATE_SUFFIXES = (".html", ".txt")


def warm_up() -> None:
    _cache_clients()
    _url_patterns()
    _project_templates()
    _form_templates()
    validate_email("warm-up@example.org")  # compiles the validator's patterns
    autodiscover_modules("tasks")  # imported by the services on first use


def _cache_clients() -> None:
    """Build each cache's client (imports its library; no connection yet)."""
    for alias in settings.CACHES:
        getattr(caches[alias], "_cache", None)


def _url_patterns() -> None:
    """The URL patterns compiled, and reverse's tables built, per language."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            _compile_patterns(get_resolver())


def _compile_patterns(resolver) -> None:
    resolver.reverse_dict  # noqa: B018 (built on first access, namespaces too)
    for pattern in resolver.url_patterns:
        pattern.pattern.regex  # noqa: B018 (compiled on first access)
        if hasattr(pattern, "url_patterns"):
            _compile_patterns(pattern)


class _EveryWidget(forms.Form):
    text = forms.CharField()
    email = forms.EmailField()
    number = forms.IntegerField()
    text_area = forms.CharField(widget=forms.Textarea)
    choice = forms.ChoiceField(choices=[("a", "a")])
    radio = forms.ChoiceField(choices=[("a", "a")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "a")], widget=forms.CheckboxSelectMultiple
    )
    box = forms.BooleanField()
    hidden = forms.CharField(widget=forms.HiddenInput)


def _form_templates() -> None:
    """The form renderer's engine, and the templates of the common widgets."""
    str(_EveryWidget())


def _project_templates() -> None:
    """The project's own templates, compiled into the cached loader (the
    libraries' templates they include compile on first use)."""
    project = Path(settings.BASE_DIR).resolve()
    for engine in engines.all():
        folders = [*engine.dirs, *get_app_template_dirs("templates")]
        for folder in {Path(folder).resolve() for folder in folders}:
            if not folder.is_relative_to(project) or "site-packages" in folder.parts:
                continue
            for path in sorted(folder.rglob("*")):
                if path.suffix in TEMPLATE_SUFFIXES:
                    engine.get_template(path.relative_to(folder).as_posix())
