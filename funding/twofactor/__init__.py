"""Second factor pages: verification, enrolment, devices, passkeys."""
