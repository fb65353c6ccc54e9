'use strict';
// The desk's sign-in: POST /session, then back to the screen that was asked for.
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  // Only a desk screen on this server: never an address someone slipped into the link.
  const wanted = params.get('next') || '/desk';
  const next = /^\/desk(\/[A-Za-z0-9_\-/.%]*)?(\?[^#]*)?$/.test(wanted) && !wanted.startsWith('/desk/login') ? wanted : '/desk';

  function showError(text) {
    $('login-error').textContent = text;
    $('login-error').hidden = false;
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').hidden = true;
    const body = { name: $('name').value.trim(), password: $('password').value };
    if (!$('code-label').hidden) body.code = $('code').value.trim();
    if (!body.name || !body.password) {
      showError(!body.name ? '请输入用户名' : '请输入密码');
      return;
    }
    $('login-button').disabled = true;
    $('login-button').textContent = '登录中…';
    try {
      const response = await fetch('/session', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      if (response.ok) {
        location.replace(next);
        return;
      }
      const problem = await response.json().catch(() => ({}));
      const type = (problem.type || '').split('/').pop();
      if (type === 'code-required') {
        $('code-label').hidden = false;
        $('code').focus();
        showError('请输入验证器上的 6 位动态验证码');
      } else if (type === 'account-locked') {
        showError('密码错误次数过多，账号已锁定至 ' + String(problem.locked_until || '').slice(0, 16).replace('T', ' ') + '，请稍后再试或联系管理员');
      } else {
        showError(problem.title || ('登录失败（' + response.status + '）'));
        $('password').select();
      }
    } catch (e) {
      showError('无法连接服务器：' + e.message);
    } finally {
      $('login-button').disabled = false;
      $('login-button').textContent = '登录';
    }
  });
})();
