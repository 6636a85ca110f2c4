"""Messages of ``ipsim dashboard`` (:mod:`ipsim.cli.dashboard`, :mod:`ipsim.cli.dashboard_kernels`),
shown in both languages at once: the terminal and the error page do not know the reader's
(collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    "dashboard.every_interface": ("every network interface", "所有网络接口"),
    "dashboard.exposure": (
        "warning: the dashboard listens on {where} (--host {host}), not only on this machine: "
        "anyone who can reach port {port} here can ask for it. Only the token in the URL keeps "
        "them out, and plain HTTP carries it unencrypted: share the URL only with colleagues who "
        "should see the scenario, on a network you trust.",
        "警告：仪表板正在监听 {where}（--host {host}），不只是本机：凡能访问本机 {port} 端口的人"
        "都可以请求它。只有网址中的令牌能阻止他们，而 HTTP 以明文传输令牌：只把网址发给应当看到该情景的"
        "同事，并只在可信的网络中使用。",
    ),
    "dashboard.busy": (
        "The dashboard is serving as many pages as it runs at once ({cap}, ipsim dashboard "
        "--max-kernels); close a dashboard tab you no longer use, or try again in a minute.",
        "仪表板同时服务的页面已达上限（{cap} 个，ipsim dashboard --max-kernels）；"
        "请关闭不再使用的仪表板标签页，或一分钟后再试。",
    ),
}
