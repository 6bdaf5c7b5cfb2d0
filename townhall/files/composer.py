"""The composer's files, for posts' and blogs' views: `with_attachments(request, publish)`
wraps the publishing (or saving) of a post, comment or article so that, in the same
transaction, the person's uploads are attached to it (ids in `attachments`, alt texts in
`alt_<id>`) and files sent with the form
itself (`files`, the no-JavaScript path) are checked, stored and attached; when editing,
files ticked in `remove_files` are removed. A refused file
or one too many rolls the whole post back, with the message on the form."""

from django.db import transaction

from townhall.blogs.models import Article
from townhall.files import actions
from townhall.posts.models import Comment


def with_attachments(request, publish):
    ids = request.POST.getlist("attachments")
    uploads = request.FILES.getlist("files") if request.FILES else []
    alt_texts = {key[4:]: value for key, value in request.POST.items() if key.startswith("alt_")}
    removed = request.POST.getlist("remove_files")  # editing: files ticked for removal

    def run():
        with transaction.atomic():
            created = publish()
            if removed:
                actions.remove_files(actor=request.user, target=created, attachment_ids=removed)
            if not ids and not uploads:
                return created
            attached = list(ids)
            for upload in uploads:
                attached.append(actions.upload_file(actor=request.user, upload=upload).pk)
            if isinstance(created, Article):
                actions.attach_to_article(
                    actor=request.user,
                    article=created,
                    attachment_ids=attached,
                    alt_texts=alt_texts,
                )
            elif isinstance(created, Comment):
                actions.attach_to_comment(
                    actor=request.user,
                    comment=created,
                    attachment_ids=attached,
                    alt_texts=alt_texts,
                )
            else:
                actions.attach_to_post(
                    actor=request.user, post=created, attachment_ids=attached, alt_texts=alt_texts
                )
            return created

    return run
