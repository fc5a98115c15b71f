"""The WhatsApp door: the WhatsApp Business Cloud API's webhook in, Graph API messages out.

`webhook` receives and checks what Meta posts, `payload` reads it, `door` answers each
message once through the engine, `render` turns a Reply into WhatsApp messages, `graph`
sends them (paced, retried), `seen` remembers the message ids handled and `links` makes
and reads the wa.me campaign links.
"""
