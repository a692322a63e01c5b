// After a passkey was registered, show the page again with the new device.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
