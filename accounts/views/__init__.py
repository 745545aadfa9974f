"""Accounts' pages: `personal` (a person's own: /me, profile, language, their
data, closing the account, the staff sign-in redirect) and `staff` (admins
manage newsroom accounts at /desk/staff/)."""
