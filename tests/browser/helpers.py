def watch_csp(page, violations: list) -> None:
    """Collect what the browser refused under the Content-Security-Policy:
    a strict policy only helps if the pages themselves never break it."""

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
