from wagtail.snippets.models import register_snippet

from home.viewsets import ReferenceDataViewSetGroup

register_snippet(ReferenceDataViewSetGroup)
