from django import forms
from django.utils.translation import gettext_lazy as _


class SignupDetailsForm(forms.Form):
    """The extra fields allauth's sign-up form asks for."""

    display_name = forms.CharField(label=_("Your name"), max_length=120)

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.refresh_search_text()
        user.save(update_fields=["display_name", "search_text"])
