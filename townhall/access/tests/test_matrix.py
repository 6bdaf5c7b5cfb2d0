"""The permission matrix: who sees what, written out by hand, cell by cell.

Rows are (object, persona) cells; columns are *paths* through which someone could reach
the object. Every expected value below is typed by hand -- never computed with
townhall.access. Y: reachable, N: not, r: sent to sign in (302 to /accounts/login/?next=,
as for a missing id), `.`: the path does not apply to this object.

The paths (functions in paths.py and paths_reach.py, registered in PATHS):
  view   the object check and the queryset filter, asserted to agree
         (can_view_X(actor, obj) == obj in visible_Xs(actor))
  get    access.get_X_or_404(actor, pk=...) finds it rather than raising Http404
  aud    the persona is in access.audience_of_post(post) (who mentions and notifications
         may reach)
  apid   GET /api/v1/posts|comments|groups/{id} answers 200 (not 401/404)
  apil   the object is in an API list: its author's /api/v1/people/{id}/feed (posts),
         /api/v1/posts/{id}/comments, /api/v1/groups, /api/v1/groups/{id}/members
  gpage  the group's page (/groups/<slug>/): for a group, the page opens; for a post or
         comment in a group, it is shown there. Anything not reachable answers exactly like
         a missing group (404, same body) or, signed out or deactivated, with the sign-in
         redirect
  gmem   the group's member list page (/groups/<slug>/members/) opens and lists them
  hf cf tf pf  in the persona's home feed (once they follow Aria), the "All company" feed,
         the #plans topic feed, Aria's profile feed (townhall.feeds.selectors)
  page   the HTML permalink: /posts/<id>/, or /posts/comments/<id>/ redirecting to the
         post's page with the comment on it; forbidden is a 404 byte for byte like a
         missing id's; r for the sign-in redirect
  men    mentioned by Aria in that post or comment, the persona gets a Mention row (what
         notifications read); Aria never mentions herself
  mctx   (mention_ctx) /api/v1/mentions?post_id= for a post, ?group_id= for a member list
         (it names who may read in the group) answers 200, not 404 like a missing id or
         401; every persona's plain autocomplete (/posts/mentions/?q=,
         /api/v1/mentions?q=) names people only, never a group or a post
  cnt    the persona learns the object's counts: a group's member count (directory, group
         page, API; can_view_member_count and with_member_counts agree), a post's comment
         and reaction counts, a comment's reaction counts (API detail, API feed item,
         permalink page, profile page); all sources or none, matching what the persona
         can list. The #plans topic's post_count matches the topic feed on the way.

Scenarios re-run the whole matrix after changes, each stating only the cells that
change, again by hand.
"""

from collections import Counter

import pytest

from townhall.access import groups as access_groups
from townhall.access.tests import paths_reach  # noqa: F401 (registers its columns)
from townhall.access.tests.paths import PATHS
from townhall.access.tests.world import PERSONAS_WITH_GUEST, World, build_world
from townhall.groups import actions as groups
from townhall.posts import actions as posts

# fmt: off
VISIBILITY = """
object          persona      view get aud apid apil gpage gmem hf cf tf pf page men mctx cnt
org_post        anonymous    N    N   N   N    N    .     .    N  N  N  N  r    .   N    N
org_post        member       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        group_member Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        group_admin  Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        moderator    Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        leader       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        org_admin    Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   Y    Y
org_post        author       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    N   Y    Y
org_post        deactivated  N    N   N   N    N    .     .    N  N  N  N  r    N   N    N
org_post        guest        N    N   N   N    N    .     .    N  N  N  N  N    N   N    N
org_comment     anonymous    N    N   N   N    N    .     .    N  N  N  N  r    .   .    N
org_comment     member       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     group_member Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     group_admin  Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     moderator    Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     leader       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     org_admin    Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    Y   .    Y
org_comment     author       Y    Y   Y   Y    Y    .     .    Y  Y  Y  Y  Y    N   .    Y
org_comment     deactivated  N    N   N   N    N    .     .    N  N  N  N  r    N   .    N
org_comment     guest        N    N   N   N    N    .     .    N  N  N  N  N    N   .    N
public_group    anonymous    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_group    member       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    group_member Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    group_admin  Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    moderator    Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    leader       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    org_admin    Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    author       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
public_group    deactivated  N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_group    guest        N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_post     anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   N    N
public_post     member       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     group_member Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     group_admin  Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     moderator    Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     leader       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     org_admin    Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   Y    Y
public_post     author       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    N   Y    Y
public_post     deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   N    N
public_post     guest        N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
public_comment  anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   .    N
public_comment  member       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  group_member Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  group_admin  Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  moderator    Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  leader       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  org_admin    Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    Y   .    Y
public_comment  author       Y    Y   Y   Y    Y    Y     .    Y  Y  Y  Y  Y    N   .    Y
public_comment  deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   .    N
public_comment  guest        N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
public_members  anonymous    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_members  member       Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  group_member Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  group_admin  Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  moderator    Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  leader       Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  org_admin    Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  author       Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
public_members  deactivated  N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_members  guest        N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_group   anonymous    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
private_group   member       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   group_member Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   group_admin  Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   moderator    Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   leader       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   org_admin    Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   author       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_group   deactivated  N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
private_group   guest        Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
private_post    anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   N    N
private_post    member       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
private_post    group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
private_post    moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    leader       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   Y    Y
private_post    deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   N    N
private_post    guest        Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
private_comment anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   .    N
private_comment member       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
private_comment group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
private_comment moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment leader       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   .    Y
private_comment deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   .    N
private_comment guest        Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
private_members anonymous    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members member       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members group_member Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
private_members group_admin  Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
private_members moderator    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members leader       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members org_admin    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members author       Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
private_members deactivated  N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
private_members guest        Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
secret_group    anonymous    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    member       N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    group_member Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
secret_group    group_admin  Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
secret_group    moderator    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    leader       N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    org_admin    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    author       Y    Y   .   Y    Y    Y     .    .  .  .  .  .    .   .    Y
secret_group    deactivated  N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_group    guest        N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_post     anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   N    N
secret_post     member       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_post     group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
secret_post     group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
secret_post     moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_post     leader       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_post     org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_post     author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   Y    Y
secret_post     deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   N    N
secret_post     guest        N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_comment  anonymous    N    N   N   N    N    N     .    N  N  N  N  r    .   .    N
secret_comment  member       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_comment  group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
secret_comment  group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
secret_comment  moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_comment  leader       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_comment  org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_comment  author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   .    Y
secret_comment  deactivated  N    N   N   N    N    N     .    N  N  N  N  r    N   .    N
secret_comment  guest        N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_members  anonymous    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  member       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  group_member Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
secret_members  group_admin  Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
secret_members  moderator    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  leader       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  org_admin    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  author       Y    .   .   .    Y    .     Y    .  .  .  .  .    .   Y    .
secret_members  deactivated  N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_members  guest        N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
"""

# Gus (the group member) leaves Board (private) and Skunkworks (secret).
AFTER_MEMBER_LEAVES = """
object          persona      view get aud apid apil gpage gmem hf cf tf pf page men mctx cnt
private_post    group_member N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_comment group_member N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_members group_member N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
secret_group    group_member N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
secret_post     group_member N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
secret_comment  group_member N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
secret_members  group_member N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
"""

# Gale (group admin) makes Commons private: still listed, content for members only.
AFTER_PUBLIC_GOES_PRIVATE = """
object          persona      view get aud apid apil gpage gmem hf cf tf pf page men mctx cnt
public_post     member       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
public_post     moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
public_post     leader       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
public_post     org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
public_comment  member       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
public_comment  moderator    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
public_comment  leader       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
public_comment  org_admin    N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
public_members  member       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_members  moderator    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_members  leader       N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_members  org_admin    N    .   .   .    N    .     N    .  .  .  .  .    .   N    .
public_post     group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
public_post     group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   Y    Y
public_post     author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   Y    Y
public_comment  group_member Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
public_comment  group_admin  Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    Y   .    Y
public_comment  author       Y    Y   Y   Y    Y    Y     .    Y  N  Y  Y  Y    N   .    Y
"""

# ... and then secret: the group itself disappears for non-members too.
AFTER_PRIVATE_GOES_SECRET = AFTER_PUBLIC_GOES_PRIVATE + """
public_group    member       N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_group    moderator    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_group    leader       N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
public_group    org_admin    N    N   .   N    N    N     .    .  .  .  .  .    .   .    N
"""

# Aria (the author) moves the organisation-wide post into Skunkworks (secret).
AFTER_ORG_POST_MOVES_TO_SECRET = """
object          persona      view get aud apid apil gpage gmem hf cf tf pf page men mctx cnt
org_post        member       N    N   N   N    N    .     .    N  N  N  N  N    N   N    N
org_post        moderator    N    N   N   N    N    .     .    N  N  N  N  N    N   N    N
org_post        leader       N    N   N   N    N    .     .    N  N  N  N  N    N   N    N
org_post        org_admin    N    N   N   N    N    .     .    N  N  N  N  N    N   N    N
org_comment     member       N    N   N   N    N    .     .    N  N  N  N  N    N   .    N
org_comment     moderator    N    N   N   N    N    .     .    N  N  N  N  N    N   .    N
org_comment     leader       N    N   N   N    N    .     .    N  N  N  N  N    N   .    N
org_comment     org_admin    N    N   N   N    N    .     .    N  N  N  N  N    N   .    N
org_post        group_member Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    Y   Y    Y
org_post        group_admin  Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    Y   Y    Y
org_post        author       Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    N   Y    Y
org_comment     group_member Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    Y   .    Y
org_comment     group_admin  Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    Y   .    Y
org_comment     author       Y    Y   Y   Y    Y    .     .    Y  N  Y  Y  Y    N   .    Y
"""

# Aria deletes the post in Board (private): it and its comment are gone for everyone.
AFTER_PRIVATE_POST_DELETED = """
object          persona      view get aud apid apil gpage gmem hf cf tf pf page men mctx cnt
private_post    group_member N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    group_admin  N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_post    author       N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_comment group_member N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment group_admin  N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_comment author       N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
private_post    guest        N    N   N   N    N    N     .    N  N  N  N  N    N   N    N
private_comment guest        N    N   N   N    N    N     .    N  N  N  N  N    N   .    N
"""
# fmt: on


def parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    columns = lines[0][2:]
    cells = {}
    for row in lines[1:]:
        assert len(row) == 2 + len(columns), f"malformed row {row}"
        cells[(row[0], row[1])] = dict(zip(columns, row[2:], strict=True))
    return cells


def with_changes(base: str, changes: str) -> dict:
    cells = parse(base)
    for cell, values in parse(changes).items():
        assert cell in cells, f"unknown cell {cell}"
        cells[cell] = {**cells[cell], **values}
    return cells


SYMBOL = {True: "Y", False: "N", None: ".", "r": "r"}


def assert_matrix(world: World, expected: dict) -> None:
    assert {persona for _obj, persona in expected} == set(PERSONAS_WITH_GUEST)
    wrong = []
    for (name, persona), columns in expected.items():
        actor = world.actor(persona)
        for path, want in columns.items():
            got = SYMBOL[PATHS[path](world, actor, name)]
            if got != want:
                wrong.append(f"{name:16} {persona:13} {path:9} expected {want}, got {got}")
    assert not wrong, "permission matrix cells differ:\n" + "\n".join(wrong)


@pytest.fixture
def world(make_user) -> World:
    return build_world(make_user, guest=True)


def test_the_matrix_covers_every_persona_and_object_with_140_cells_per_path():
    cells = parse(VISIBILITY)
    assert len(cells) == 140
    assert len({obj for obj, _p in cells}) == 14
    assert set(next(iter(cells.values()))) == set(PATHS)


def test_every_persona_sees_exactly_what_the_table_says(world):
    assert_matrix(world, parse(VISIBILITY))


def test_a_member_who_leaves_loses_sight_of_private_and_secret_content(world):
    gus = world.people["group_member"]
    groups.leave_group(actor=gus, group=world.groups["private"])
    groups.leave_group(actor=gus, group=world.groups["secret"])
    assert_matrix(world, with_changes(VISIBILITY, AFTER_MEMBER_LEAVES))


def test_a_public_group_going_private_then_secret_hides_it_step_by_step(world):
    gale, commons = world.people["group_admin"], world.groups["public"]
    groups.change_kind(actor=gale, group=commons, kind="private")
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PUBLIC_GOES_PRIVATE))
    groups.change_kind(actor=gale, group=commons, kind="secret")
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PRIVATE_GOES_SECRET))


def test_a_post_moved_into_a_secret_group_vanishes_for_outsiders(world):
    posts.move_post(
        actor=world.people["author"], post=world.posts["org"], group=world.groups["secret"]
    )
    assert_matrix(world, with_changes(VISIBILITY, AFTER_ORG_POST_MOVES_TO_SECRET))


def test_a_deleted_post_and_its_comments_vanish_for_everyone(world):
    posts.delete_post(actor=world.people["author"], post=world.posts["private"])
    assert_matrix(world, with_changes(VISIBILITY, AFTER_PRIVATE_POST_DELETED))


# --- the matrix's size, as docs/permissions.md states it --------------------------------


def test_the_matrix_has_140_cells_and_1352_entries_as_the_docs_say():
    cells = parse(VISIBILITY)
    applicable = Counter(
        path for values in cells.values() for path, v in values.items() if v != "."
    )
    assert (len(cells), len(PATHS), sum(applicable.values())) == (140, 15, 1352)
    assert applicable == {
        "view": 140, "get": 110, "aud": 80, "apid": 110, "apil": 140, "gpage": 90, "gmem": 30,
        "hf": 80, "cf": 80, "tf": 80, "pf": 80, "page": 80, "men": 72, "mctx": 70, "cnt": 110,
    }  # fmt: skip


def test_a_secret_groups_invitee_learns_its_name_but_not_its_size(world):
    mona, secret = world.people["member"], world.groups["secret"]
    groups.invite_to_group(actor=world.people["group_admin"], group=secret, invitee=mona)
    assert PATHS["view"](world, mona, "secret_group") is True
    assert PATHS["cnt"](world, mona, "secret_group") is False  # directory, page and API alike
    assert access_groups.member_count(mona, secret) is None
    assert access_groups.member_count(world.people["group_member"], secret) == 4
