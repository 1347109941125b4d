"""Find every installed app's demo content loader."""

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

HOME_APP_LABEL = "home"

DemoLoader = Callable[..., int | None]


def _has_demo_module(app_name: str) -> bool:
    try:
        return find_spec(f"{app_name}.demo") is not None
    except ModuleNotFoundError:  # the app is a module, not a package
        return False


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    """(app label, ``load_demo_content``) pairs: home first, then INSTALLED_APPS order.

    An app takes part by having a ``demo`` module (or package) that defines
    ``load_demo_content(*, stdout)``.
    """
    app_configs = sorted(
        apps.get_app_configs(), key=lambda config: config.label != HOME_APP_LABEL
    )
    loaders = []
    for app_config in app_configs:
        if not _has_demo_module(app_config.name):
            continue
        module = import_module(f"{app_config.name}.demo")
        loader = getattr(module, "load_demo_content", None)
        if callable(loader):
            loaders.append((app_config.label, loader))
    return loaders
