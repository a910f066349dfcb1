"""People's own account: two-factor sign-in (django-otp) and changing their password."""
