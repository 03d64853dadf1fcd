"""The policy table's own promises (DOMAIN.md §1 and §7)."""

from __future__ import annotations

from safeguard.web.access.policy import (
    ROLES,
    ROUTES,
    ChildAccess,
    Gate,
    Permission,
    Role,
    allows,
    granting_role,
    needs_second_factor,
    permissions_of,
    sees_child_level,
)


def test_the_nine_roles_of_the_brief_are_defined_once():
    assert [role.value for role in ROLES] == [
        "lead_member", "leader", "chief_executive", "dcs", "analyst",
        "practice_lead", "board_member", "scrutiny_member", "administrator",
    ]


def test_every_role_that_can_reach_a_child_needs_a_second_factor():
    for role, definition in ROLES.items():
        if definition.child_access is not ChildAccess.NONE:
            assert definition.second_factor, role


def test_child_level_permission_only_for_roles_that_see_every_child():
    holders = {role for role, definition in ROLES.items() if Permission.SEE_CHILD_LEVEL in definition.permissions}
    assert holders == {Role.DCS, Role.ANALYST}
    assert all(ROLES[role].child_access is ChildAccess.ALL for role in holders)


def test_aggregate_only_roles_have_no_child_access():
    aggregate_only = {role for role in ROLES if not sees_child_level([role])}
    assert aggregate_only == {
        Role.LEAD_MEMBER, Role.LEADER, Role.CHIEF_EXECUTIVE, Role.SCRUTINY_MEMBER, Role.ADMINISTRATOR,
    }


def test_administrator_sees_no_figures_and_no_children_by_default():
    permissions = ROLES[Role.ADMINISTRATOR].permissions
    assert Permission.SEE_AGGREGATES not in permissions
    assert Permission.SEE_CHILD_LEVEL not in permissions
    assert Permission.MANAGE_USERS in permissions


def test_permissions_of_several_roles_is_the_union():
    combined = permissions_of([Role.LEAD_MEMBER, Role.ADMINISTRATOR])
    assert combined == ROLES[Role.LEAD_MEMBER].permissions | ROLES[Role.ADMINISTRATOR].permissions


def test_the_acting_role_is_the_first_in_table_order_that_grants():
    assert granting_role([Role.ADMINISTRATOR, Role.DCS], Permission.SEE_AUDIT_LOG) is Role.DCS
    assert granting_role([Role.ADMINISTRATOR, Role.DCS], Permission.MANAGE_USERS) is Role.ADMINISTRATOR
    assert granting_role([Role.SCRUTINY_MEMBER], Permission.SEE_CHILD_LEVEL) is None


def test_second_factor_follows_the_strictest_role_held():
    assert not needs_second_factor([Role.LEAD_MEMBER])
    assert needs_second_factor([Role.LEAD_MEMBER, Role.PRACTICE_LEAD])


def test_every_route_rule_is_a_permission_or_a_gate_and_methods_are_http_methods():
    for view_name, policy in ROUTES.items():
        assert policy.methods, view_name
        for method, rule in policy.methods.items():
            assert method in {"GET", "POST"}, view_name
            assert isinstance(rule, (Permission, Gate)), view_name


def test_child_level_routes_need_the_permissions_that_reach_children():
    for view_name, policy in ROUTES.items():
        if policy.child_level:
            rules = set(policy.methods.values())
            assert rules <= {
                Permission.SEE_CHILD_LEVEL, Permission.IMPORT_RETURNS,
                # Auditing cases reaches the children in one's own audits (the case's page checks which).
                Permission.AUDIT_CASES,
                # A child's reference in a casework record, for those who hold it in a child-level role.
                Permission.RECORD_CASE_BRIEFINGS, Permission.MANAGE_REVIEWS, Permission.WORK_ON_DISAGREEMENTS,
                # A list a sharing agreement grants the partner's agency, and an emergency look
                # (safeguard.governance.sharing checks the agreement or the look).
                Permission.SEE_SHARED_DATA, Permission.BREAK_GLASS,
            }, view_name
            for role in ROLES:
                if not sees_child_level([role]):
                    assert not any(allows([role], rule) for rule in rules), (view_name, role)


def test_head_is_treated_as_get():
    assert ROUTES["home"].rule("HEAD") is Permission.SEE_OWN_HOME
    assert ROUTES["home"].rule("POST") is None
