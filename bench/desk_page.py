#!/usr/bin/env python3
"""The desk page with a long work list, in headless Chromium: how long until the first rows show,
how long paging and filtering take, and the longest task that held the page's main thread.

Run by `wangge-bench worklist --browser` against the server it seeds; prints one line a figure.
"""
import argparse
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument('--base', required=True)
parser.add_argument('--name', required=True)
parser.add_argument('--password', required=True)
parser.add_argument('--queue', default='overdue')
parser.add_argument('--runs', type=int, default=5)
args = parser.parse_args()

options = webdriver.ChromeOptions()
for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1366,768'):
    options.add_argument(a)
options.binary_location = '/usr/bin/chromium'
d = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)
# Before any page script: every long task (> 50 ms on the main thread) and when rows change.
d.execute_cdp_cmd('Page.addScriptToEvaluateOnNewDocument', {'source': '''
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  window.__rows = [];
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const first = document.querySelector('#worklist tbody tr[data-id]');
      const id = first ? first.dataset.id : null;
      if (id && (window.__rows.length === 0 || window.__rows[window.__rows.length - 1].id !== id)) window.__rows.push({ id, at: performance.now() });
    }).observe(document.body, { childList: true, subtree: true });
  });
'''})
d.get(args.base + '/desk/login')
d.find_element(By.ID, 'name').send_keys(args.name)
d.find_element(By.ID, 'password').send_keys(args.password, Keys.ENTER)
WebDriverWait(d, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, '#worklist tbody tr[data-id]'))

loads, pages, filters = [], [], []
count = ''
for _ in range(args.runs):
    d.get(args.base + '/desk?queue=' + args.queue)
    WebDriverWait(d, 30).until(lambda d: d.execute_script('return window.__rows.length') > 0)
    loads.append(d.execute_script('return window.__rows[0].at'))
    count = d.execute_script('return document.querySelector(".pager span").textContent')
    # Next page: from the click to the new first row.
    before = d.execute_script('return window.__rows.length')
    t0 = d.execute_script('const b = [...document.querySelectorAll(".pager button")].pop(); const t = performance.now(); b.click(); return t')
    WebDriverWait(d, 30).until(lambda d: d.execute_script('return window.__rows.length') > before)
    pages.append(d.execute_script('return window.__rows[window.__rows.length - 1].at') - t0)
    # A category filter: from the change to the new first row.
    before = d.execute_script('return window.__rows.length')
    t0 = d.execute_script('''const s = document.getElementById("list-category"); s.selectedIndex = 2;
                             const t = performance.now(); s.dispatchEvent(new Event("change")); return t''')
    WebDriverWait(d, 30).until(lambda d: d.execute_script('return window.__rows.length') > before)
    filters.append(d.execute_script('return window.__rows[window.__rows.length - 1].at') - t0)
longest = max(d.execute_script('return window.__long') or [0])
d.quit()
loads.sort(); pages.sort(); filters.sort()
m = len(loads) // 2
print('page (%s): first rows %.0f ms after navigation (median of %d), next page %.0f ms, category filter %.0f ms; longest main-thread task %.0f ms (%s)'
      % (args.queue, loads[m], len(loads), pages[m], filters[m], longest, count))
