// Builds DOM nodes from data without innerHTML, so text from calls and callers is never markup.

/**
 * h('button', { class: 'primary', onclick: fn, dataset: { id: 1 } }, 'Start') — attributes
 * starting with "on" become listeners; children are nodes, strings, numbers or arrays of them;
 * null, undefined and false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'style' && typeof value === 'object') {
      Object.assign(element.style, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces everything inside element by children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}
