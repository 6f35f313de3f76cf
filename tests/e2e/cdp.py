#!/usr/bin/env python3
"""A minimal DevTools-protocol client for headless Chromium, standard
library only: Chromium is started with --remote-debugging-pipe and talks
JSON messages ended by NUL bytes over file descriptors 3 (commands) and 4
(replies and events). Used by check_html_browser.py.

The browser never touches the network: every host name resolves to
nothing (--host-resolver-rules), so a page that asks another host for
anything gets a failed request, which the checks report."""
import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time

CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--no-default-browser-check', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-extensions', '--disable-default-apps', '--mute-audio',
    '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--allow-file-access-from-files=false', '--hide-scrollbars', '--font-render-hinting=none',
    '--disable-dev-shm-usage', '--remote-debugging-pipe',
]


class CDPError(Exception):
    pass


def find_chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium; call close() (or use `with`)."""

    def __init__(self, binary=None, timeout=60):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix='td-chromium-')
        r, self._to_chrome = os.pipe()
        self._from_chrome, w = os.pipe()
        # the browser's ends, moved above 3 and 4 so that the shell can put them there
        to_chrome_r = fcntl.fcntl(r, fcntl.F_DUPFD, 10)
        from_chrome_w = fcntl.fcntl(w, fcntl.F_DUPFD, 10)
        os.close(r)
        os.close(w)
        binary = binary or find_chromium()
        if not binary:
            raise CDPError('chromium not found (tools/deps.sh --test installs it)')
        args = [binary] + CHROMIUM_FLAGS + ['--user-data-dir=' + self.profile, 'about:blank']
        # the pipe ends go to fds 3 and 4 of the browser through bash
        cmd = 'exec "$@" 3<&%d 4>&%d %d<&- %d>&-' % (to_chrome_r, from_chrome_w, to_chrome_r, from_chrome_w)
        self.log = open(os.path.join(self.profile, 'stderr.txt'), 'wb')
        self.proc = subprocess.Popen(['bash', '-c', cmd, 'bash'] + args, pass_fds=(to_chrome_r, from_chrome_w),
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next_id = 0
        self._lock = threading.Lock()
        self._replies = {}
        self._cond = threading.Condition()
        self._events = {}  # sessionId -> queue of events
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.send('Browser.getVersion')

    def _read(self):
        buf = b''
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b''
            if not chunk:
                with self._cond:
                    self._replies['closed'] = True
                    self._cond.notify_all()
                return
            buf += chunk
            while b'\0' in buf:
                msg, buf = buf.split(b'\0', 1)
                m = json.loads(msg)
                if 'id' in m:
                    with self._cond:
                        self._replies[m['id']] = m
                        self._cond.notify_all()
                else:
                    self._queue(m.get('sessionId')).put(m)

    def _queue(self, session):
        with self._lock:
            if session not in self._events:
                self._events[session] = queue.Queue()
            return self._events[session]

    def send(self, method, params=None, session=None):
        """Sends a command and waits for its result (a dict)."""
        with self._lock:
            self._next_id += 1
            mid = self._next_id
        msg = {'id': mid, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b'\0')
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while mid not in self._replies:
                if self._replies.get('closed'):
                    raise CDPError('browser closed while waiting for %s' % method)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError('no answer to %s' % method)
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if 'error' in reply:
            raise CDPError('%s: %s' % (method, reply['error'].get('message')))
        return reply.get('result', {})

    def events(self, session, timeout):
        """Yields the session's events until timeout seconds pass without one."""
        q = self._queue(session)
        while True:
            try:
                yield q.get(timeout=timeout)
            except queue.Empty:
                return

    def new_page(self):
        return Page(self)

    def close(self):
        try:
            self.send('Browser.close')
        except CDPError:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Page:
    """A tab, with everything it reports recorded: console messages,
    exceptions, failed requests, dialogs (alert(), confirm())."""

    def __init__(self, browser):
        self.b = browser
        self.target = browser.send('Target.createTarget', {'url': 'about:blank'})['targetId']
        self.session = browser.send('Target.attachToTarget', {'targetId': self.target, 'flatten': True})['sessionId']
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            self.send(domain + '.enable')
        self.reset()

    def send(self, method, params=None):
        return self.b.send(method, params, self.session)

    def reset(self):
        self.errors = []    # console errors, exceptions, log errors
        self.requests = []  # every URL asked for
        self.failed = []    # (url, why)
        self.dialogs = []   # messages of alert() and friends
        self.bindings = []  # payloads of calls to bindings (Runtime.addBinding)

    def _handle(self, ev):
        method, p = ev['method'], ev.get('params', {})
        if method == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            args = ' '.join(str(a.get('value', a.get('description', ''))) for a in p.get('args', []))
            self.errors.append('console.%s: %s' % (p['type'], args))
        elif method == 'Runtime.exceptionThrown':
            d = p.get('exceptionDetails', {})
            self.errors.append('exception: %s' % (d.get('exception', {}).get('description') or d.get('text')))
        elif method == 'Log.entryAdded' and p['entry'].get('level') == 'error':
            e = p['entry']
            self.errors.append('%s: %s%s' % (e.get('source'), e.get('text'), (' (' + e['url'] + ')') if e.get('url') else ''))
        elif method == 'Network.requestWillBeSent':
            self.requests.append(p['request']['url'])
        elif method == 'Network.loadingFailed' and not p.get('canceled'):
            self.failed.append((p.get('requestId'), p.get('errorText')))
        elif method == 'Network.responseReceived' and p['response'].get('status', 200) >= 400:
            self.failed.append((p['response']['url'], 'HTTP %d' % p['response']['status']))
        elif method == 'Runtime.bindingCalled':
            self.bindings.append('%s(%s)' % (p.get('name'), p.get('payload')))
        elif method == 'Page.javascriptDialogOpening':
            self.dialogs.append(p.get('message'))
            self.b.send('Page.handleJavaScriptDialog', {'accept': True}, self.session)
        return method, p

    def drain(self, quiet=0.3):
        for ev in self.b.events(self.session, quiet):
            self._handle(ev)

    def goto(self, url, settle=0.2):
        """Loads url and waits for its load event (every subresource of a
        page from file:// is in by then), then settle seconds more for late
        console messages."""
        self.reset()
        self.drain(0.01)
        res = self.send('Page.navigate', {'url': url})
        if res.get('errorText'):
            self.failed.append((url, res['errorText']))
        loaded = False
        deadline = time.monotonic() + self.b.timeout
        for ev in self.b.events(self.session, self.b.timeout):
            method, p = self._handle(ev)
            if method == 'Page.loadEventFired':
                loaded = True
                break
            if time.monotonic() > deadline:
                break
        self.drain(settle)
        if not loaded:
            self.errors.append('page did not finish loading: %s' % url)

    def eval(self, expr):
        r = self.send('Runtime.evaluate', {'expression': expr, 'returnByValue': True, 'awaitPromise': True})
        if 'exceptionDetails' in r:
            raise CDPError('evaluate failed: %s' % r['exceptionDetails'].get('text'))
        return r['result'].get('value')

    def screenshot(self, path, width=1400, height=1000, dark=False, full=False):
        self.send('Emulation.setDeviceMetricsOverride',
                  {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        self.media(dark=dark)
        params = {'format': 'png'}
        if full:
            h = self.eval('Math.ceil(document.documentElement.scrollHeight)')
            params['clip'] = {'x': 0, 'y': 0, 'width': width, 'height': min(h, 16000), 'scale': 1}
            params['captureBeyondViewport'] = True
        data = self.send('Page.captureScreenshot', params)['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))

    def media(self, dark=False, media=''):
        self.send('Emulation.setEmulatedMedia', {
            'media': media,
            'features': [{'name': 'prefers-color-scheme', 'value': 'dark' if dark else 'light'}]})

    def pdf(self):
        r = self.send('Page.printToPDF', {'preferCSSPageSize': True, 'printBackground': False})
        return base64.b64decode(r['data'])

    def close(self):
        try:
            self.b.send('Target.closeTarget', {'targetId': self.target})
        except CDPError:
            pass
