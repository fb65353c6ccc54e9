#!/usr/bin/env python3
"""The desk end to end, in real browsers (Debian's chromium through chromium-driver and Selenium).

Run by the Swift test DeskBrowserTests against a real `wangge serve` on the demo district (without
its petitions, so that every list starts empty). Each person has a browser of their own (their own
cookies): an operator takes a call by typing a messy address; the case routes; the unit's clerk
sees it appear without reloading, accepts it and asks for an extension, which the dispatcher
approves; the clerk resolves it with a photo; the operator records the callback with ratings; a
supervisor reads the case's history. Also: a page without a session, a wrong password, a locked
account, a write without the CSRF token, bad input shown beside its field in Chinese, and no
console errors in any of the working browsers. Screenshots of every screen go to --out.

Exit status 0 when every step held; otherwise the failing step, a screenshot and the page's text.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument('--base', required=True, help='http://127.0.0.1:PORT')
parser.add_argument('--db', required=True)
parser.add_argument('--wangge', required=True, help='the wangge executable')
parser.add_argument('--out', required=True, help='folder for screenshots')
parser.add_argument('--chromedriver', default='/usr/bin/chromedriver')
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)

BASE = args.base.rstrip('/')
drivers = []
step_name = 'start'


def step(name):
    global step_name
    step_name = name
    print('step:', name, flush=True)


def cli(*arguments, stdin=None):
    r = subprocess.run([args.wangge, *arguments, '--db', args.db], input=stdin, text=True, capture_output=True)
    if r.returncode != 0:
        raise AssertionError('wangge %s failed: %s' % (' '.join(arguments), r.stderr))
    return r.stdout


def add_user(name, role, password, unit=None, area=None):
    extra = (['--unit', unit] if unit else []) + (['--area', area] if area else [])
    cli('user', 'add', name, '--role', role, '--password-stdin', *extra, stdin=password + '\n')


def http(method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read() or b'null')
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b'null')


def browser(width=1366, height=768):
    options = webdriver.ChromeOptions()
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN',
              '--window-size=%d,%d' % (width, height)):
        options.add_argument(a)
    options.binary_location = '/usr/bin/chromium'
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    d = webdriver.Chrome(service=Service(args.chromedriver), options=options)
    d.set_window_size(width, height)
    drivers.append(d)
    return d


def wait(d, condition, timeout=20, what=''):
    try:
        return WebDriverWait(d, timeout).until(condition)
    except TimeoutException:
        raise AssertionError('waited %ss for %s at %s' % (timeout, what or condition, d.current_url))


def css(d, selector, timeout=20):
    return wait(d, EC.visibility_of_element_located((By.CSS_SELECTOR, selector)), timeout, selector)


def text_in(d, selector, text, timeout=20):
    wait(d, EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text), timeout, '%r in %s' % (text, selector))


def shot(d, name):
    d.save_screenshot(os.path.join(args.out, name + '.png'))


def sign_in(d, name, password, next_path='/desk'):
    d.get(BASE + '/desk/login?next=' + next_path)
    css(d, '#name').send_keys(name)
    d.find_element(By.ID, 'password').send_keys(password, Keys.ENTER)


def fetch(d, method, path, body=None, csrf=True):
    """A request from inside the page (its cookies), with or without the CSRF token."""
    return d.execute_async_script('''
        const [method, path, body, csrf, done] = arguments;
        (async () => {
          const headers = { 'Content-Type': 'application/json' };
          if (csrf) headers['X-CSRF-Token'] = (await (await fetch('/session')).json()).csrf;
          const r = await fetch(path, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
          done({ status: r.status, body: await r.json().catch(() => null) });
        })();
    ''', method, path, body, csrf)


def open_action(d, action):
    button = css(d, '#case-actions button[data-action="%s"]' % action)
    button.click()
    return css(d, 'form.action[data-action="%s"]' % action)


def png(path):
    """A small valid PNG (a green square) to attach as the photo of the work done."""
    width = height = 16
    raw = b''.join(b'\x00' + b'\x20\xa0\x40' * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def main():
    vocabulary = http('GET', '/vocabulary')[1]
    names = {kind: {v['code']: v['name_zh'] for v in entries} for kind, entries in vocabulary.items()}
    action = names['actions']
    status = names['statuses']
    add_user('op-wang', 'dispatcher', 'Op-pass-2026')
    add_user('sup-li', 'inspector', 'Sup-pass-2026')
    add_user('locked-zhao', 'dispatcher', 'Zhao-pass-2026')

    # ---- what a stranger and a careless hand meet ----
    probe = browser()
    step('a page asked for without a session goes to the sign-in page')
    probe.get(BASE + '/desk/intake')
    wait(probe, EC.url_contains('/desk/login'), what='the sign-in page')
    assert 'next=' in probe.current_url and 'intake' in probe.current_url, probe.current_url
    css(probe, '#name')
    shot(probe, 'desk-login')

    step('a wrong password is refused, in Chinese')
    sign_in(probe, 'op-wang', 'not-the-password', '/desk/intake')
    text_in(probe, '#login-error', '用户名或密码错误')
    assert '/desk/login' in probe.current_url

    step('repeated wrong passwords lock the account')
    for _ in range(5):
        code, answer = http('POST', '/session', {'name': 'locked-zhao', 'password': 'wrong-' + str(time.time())})
    assert code == 403 and answer['type'].endswith('account-locked'), (code, answer)
    sign_in(probe, 'locked-zhao', 'Zhao-pass-2026')
    text_in(probe, '#login-error', '锁定')
    audit = cli('audit', '--who', 'locked-zhao')
    assert 'user.lock' in audit and 'signin.failure' in audit, audit

    step('a write without the CSRF token is refused')
    sign_in(probe, 'op-wang', 'Op-pass-2026', '/desk/intake')
    css(probe, '#intake')
    forged = fetch(probe, 'POST', '/petitions', {'channel': 'web', 'kind': 'request', 'category': 'water', 'text': '伪造', 'address': '紫荆新村1栋'}, csrf=False)
    assert forged['status'] == 403 and forged['body']['type'].endswith('csrf'), forged

    step('bad input is shown beside its field, in Chinese')
    probe.find_element(By.ID, 'save').click()
    note = css(probe, '#text ~ .field-error, label:has(#text) + .field-error')
    assert '必填' in note.text, note.text

    # ---- the case, person by person ----
    op = browser()
    step('the operator signs in and sees the dispatcher\'s work lists')
    sign_in(op, 'op-wang', 'Op-pass-2026')
    css(op, '.tabs button[data-queue="to_dispatch"]')
    text = '小区楼下水管爆裂，路面积水结冰，请尽快处理'
    messy = '紫荆新村一幢1-601'
    # Where such a call routes (the page shows the same on saving): the clerk's unit and the cell.
    routed = fetch(op, 'POST', '/petitions?dry_run=true', {'channel': 'hotline', 'kind': 'request', 'category': 'water', 'text': text, 'address': messy})
    assert routed['status'] == 200 and routed['body']['unit'], routed
    unit = routed['body']['unit']['id']
    grid = routed['body']['placement']['areas']['grid']['id']
    add_user('clerk-chen', 'unit', 'Clerk-pass-2026', unit=unit)
    add_user('grid-zhou', 'grid_worker', 'Grid-pass-2026', area=grid)

    clerk = browser()
    step('the unit\'s clerk signs in and waits on the list of cases to accept')
    sign_in(clerk, 'clerk-chen', 'Clerk-pass-2026')
    css(clerk, '.tabs button[data-queue="to_accept"]')
    wait(clerk, lambda d: d.execute_script('return document.getElementById("live").className') == 'on', what='the live stream')

    step('the operator takes the call: phone, text, category by search, a messy address picked from the candidates')
    op.get(BASE + '/desk/intake')
    css(op, '#channel')
    op.find_element(By.ID, 'caller-name').send_keys('王女士')
    op.find_element(By.ID, 'caller-phone').send_keys('13912345678')
    css(op, '#history .hint, #history h3')
    op.find_element(By.ID, 'text').send_keys(text)
    op.find_element(By.ID, 'category-search').send_keys('供水')
    Select(op.find_element(By.ID, 'category')).select_by_value('water')
    op.find_element(By.ID, 'address').send_keys(messy)
    css(op, '#candidates .candidate').click()
    text_in(op, '#candidates', '已选')
    op.find_element(By.ID, 'text').send_keys(Keys.CONTROL, Keys.ENTER)
    wait(op, lambda d: d.find_element(By.ID, 'result').is_displayed() or d.find_element(By.ID, 'repeat-warning').is_displayed(),
         what='the saved case or a repeat warning')
    if op.find_element(By.ID, 'repeat-warning').is_displayed():
        op.find_element(By.ID, 'save').click()
    case_id = css(op, '#result-id').text
    assert case_id, 'no id shown'
    assert op.find_element(By.ID, 'result-unit').text == routed['body']['unit']['name'], op.find_element(By.ID, 'result-unit').text
    assert op.find_element(By.ID, 'result-reason').text.strip() not in ('', '—')
    assert routed['body']['placement']['areas']['grid']['name'] in op.find_element(By.ID, 'result-place').text
    shot(op, 'desk-intake')
    saved = fetch(op, 'GET', '/petitions/' + case_id)['body']
    if saved['status'] != 'dispatched':
        step('the dispatcher dispatches the held case')
        op.get(BASE + '/desk/case/' + case_id)
        form = open_action(op, 'dispatch')
        wait(op, lambda d: len(Select(form.find_element(By.NAME, 'unit')).options) > 0, what='the units')
        Select(form.find_element(By.NAME, 'unit')).select_by_value(unit)
        form.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
        text_in(op, '#case-status', status['dispatched'])

    step('the clerk sees the case appear without reloading')
    row = css(clerk, 'tr[data-id="%s"]' % case_id, timeout=20)
    badge = clerk.find_element(By.CSS_SELECTOR, '.tabs button[data-queue="to_accept"] .badge').text
    assert badge == '1', badge
    shot(clerk, 'desk-unit')

    step('the next call with Alt+N: the same problem again, and the likely repeat shows before saving')
    op.get(BASE + '/desk/intake')
    css(op, '#channel')
    op.find_element(By.ID, 'text').send_keys('先占位')
    op.find_element(By.TAG_NAME, 'body').send_keys(Keys.ALT, 'n')
    wait(op, lambda d: d.find_element(By.ID, 'text').get_attribute('value') == '', what='Alt+N to clear the form')
    assert op.switch_to.active_element.get_attribute('id') == 'channel', 'Alt+N puts the cursor in the first field'
    op.find_element(By.ID, 'text').send_keys(text)
    Select(op.find_element(By.ID, 'category')).select_by_value('water')
    op.find_element(By.ID, 'address').send_keys(messy)
    css(op, '#candidates .candidate').click()
    op.find_element(By.ID, 'save').click()
    text_in(op, '#repeat-warning', case_id)
    assert not op.find_element(By.ID, 'result').is_displayed(), 'nothing is saved before the operator confirms'
    op.find_element(By.ID, 'save').click()
    repeat_id = css(op, '#result-id').text
    assert repeat_id and repeat_id != case_id
    op.get(BASE + '/desk?queue=likely_repeats')
    css(op, 'tr[data-id="%s"]' % repeat_id)
    shot(op, 'desk-dispatcher')

    step('the clerk accepts the case and asks for more time')
    row.click()
    css(clerk, '#case-actions')
    open_action(clerk, 'accept').find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    text_in(clerk, '#case-status', status['accepted'])
    form = open_action(clerk, 'extend')
    form.find_element(By.NAME, 'working_days').send_keys('3')
    form.find_element(By.NAME, 'reason').send_keys('需协调供水管网抢修队，材料到货需三个工作日')
    form.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    css(clerk, '#case-extension')

    step('the dispatcher approves the extension')
    op.get(BASE + '/desk/case/' + case_id)
    css(op, '#case-extension')
    open_action(op, 'approve_extension').find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    wait(op, lambda d: not d.find_elements(By.ID, 'case-extension'), what='the extension request to go')
    text_in(op, '#case-timeline', action['approve_extension'])

    step('the clerk resolves the case with a photo')
    clerk.get(BASE + '/desk/case/' + case_id)
    form = open_action(clerk, 'resolve')
    form.find_element(By.NAME, 'note').send_keys('已更换破裂管段，路面积水已清理')
    photo = os.path.join(tempfile.mkdtemp(), 'repair.png')
    png(photo)
    form.find_element(By.CSS_SELECTOR, 'input[type=file]').send_keys(photo)
    wait(clerk, lambda d: d.find_elements(By.CSS_SELECTOR, 'form.action li.chip[data-id]'), what='the photo uploaded')
    form.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    text_in(clerk, '#case-status', status['resolved'])
    css(clerk, '#case-files img')
    shot(clerk, 'desk-case')

    step('the operator records the callback with the three ratings')
    op.get(BASE + '/desk/callbacks')
    text_in(op, '#callback-id', case_id)
    form = op.find_element(By.ID, 'callback-form')
    Select(form.find_element(By.NAME, 'rating')).select_by_value('satisfied')
    for key, value in (('attitude', '5'), ('efficiency', '4'), ('result', '5')):
        Select(form.find_element(By.NAME, 'ratings.' + key)).select_by_value(value)
    form.find_element(By.NAME, 'note').send_keys('回访王女士，对处理结果满意')
    shot(op, 'desk-callbacks')
    form.find_element(By.NAME, 'note').send_keys(Keys.CONTROL, Keys.ENTER)
    css(op, '#callback-done')

    step('the map page accepts the desk\'s session: no token box')
    op.get(BASE + '/map')
    text_in(op, '#who', 'op-wang')
    assert not op.find_element(By.ID, 'token').is_displayed()

    sup = browser()
    step('a supervisor reads the case\'s history')
    sign_in(sup, 'sup-li', 'Sup-pass-2026')
    css(sup, '.tabs button[data-queue="overdue"]')
    css(sup, '#oversight h2')
    shot(sup, 'desk-supervisor')
    sup.get(BASE + '/desk/case/' + case_id)
    timeline = css(sup, '#case-timeline').text
    for a in ('receive', 'dispatch', 'accept', 'extend', 'approve_extension', 'resolve', 'evaluate'):
        assert action[a] in timeline, (a, timeline)
    text_in(sup, '#case-status', status['closed'])
    assert not sup.find_elements(By.CSS_SELECTOR, '#case-actions button[data-action="resolve"]')

    step('a grid worker on a phone-sized screen')
    worker = browser(390, 844)
    sign_in(worker, 'grid-zhou', 'Grid-pass-2026')
    css(worker, '.tabs button[data-queue="cell_cases"]')
    shot(worker, 'desk-phone')

    step('no console errors in the working browsers')
    for name, d in (('operator', op), ('clerk', clerk), ('supervisor', sup), ('grid worker', worker)):
        errors = [e for e in d.get_log('browser') if e['level'] == 'SEVERE']
        assert not errors, (name, errors)
    print('all steps held; case', case_id, flush=True)


try:
    main()
    status = 0
except Exception as e:  # every failure: which step, a screenshot, the page's text
    print('FAILED at step "%s": %r' % (step_name, e), flush=True)
    for k, d in enumerate(drivers):
        try:
            d.save_screenshot(os.path.join(args.out, 'failure-%d.png' % k))  # never kept in docs: a failed run writes nothing else
            print('--- browser %d at %s:\n%s' % (k, d.current_url, d.find_element(By.TAG_NAME, 'body').text[:2000]))
            print('--- console:', [e['message'] for e in d.get_log('browser')][:20])
        except Exception:
            pass
    status = 1
finally:
    for d in drivers:
        try:
            d.quit()
        except Exception:
            pass
sys.exit(status)
