"""The sandbox: the real bot against a local stand-in of Slack, with a web page that looks and
works like a small Slack (`intervisie sandbox`). Nothing here is used when running against Slack.
"""
