from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from townhall.access.people import get_person_or_404, visible_people


@login_required
def directory(request):
    people = visible_people(request.user)[:50]
    return render(request, "people/directory.html", {"people": people, "nav": "people"})


@login_required
def profile(request, username: str):
    person = get_person_or_404(request.user, username=username)
    return render(request, "people/profile.html", {"person": person, "nav": "profile"})
