/**
 * TEST ONLY: the few DOM globals `<earshot-transcriber>` touches, enough to construct it in Node and
 * drive its lifecycle callbacks by hand (no rendering, no selectors beyond its `[part~='…']` lookups).
 */

/** An element: attributes, text, a few properties, events. */
export class FakeElement extends EventTarget {
  readonly attributes = new Map<string, string>();
  readonly dataset: Record<string, string> = {};
  readonly children: FakeElement[] = [];
  textContent: string | null = '';
  hidden = false;
  disabled = false;
  max = 1;
  value = 0;
  isConnected = false;

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  append(...nodes: FakeElement[]): void {
    this.children.push(...nodes);
  }
  replaceChildren(...nodes: FakeElement[]): void {
    this.children.splice(0, this.children.length, ...nodes);
  }
  querySelector(): FakeElement | null {
    return null;
  }
  shadowRoot: FakeShadowRoot | null = null;
  attachShadow(): FakeShadowRoot {
    this.shadowRoot = new FakeShadowRoot();
    return this.shadowRoot;
  }
}

/** A shadow root whose `[part~='name']` lookups return one element per part. */
export class FakeShadowRoot {
  innerHTML = '';
  private readonly parts = new Map<string, FakeElement>();

  querySelector(selector: string): FakeElement | null {
    const part = /\[part~='([\w-]+)'\]/.exec(selector)?.[1];
    if (part === undefined) return null;
    let element = this.parts.get(part);
    if (element === undefined) {
      element = new FakeElement();
      this.parts.set(part, element);
    }
    return element;
  }
}

/** Installs `HTMLElement`, `customElements`, `document` and `CSS` on `globalThis` (with `vi.stubGlobal`). */
export function fakeDomGlobals(): Record<string, unknown> {
  const registry = new Map<string, unknown>();
  return {
    HTMLElement: FakeElement,
    customElements: {
      get: (name: string) => registry.get(name),
      define: (name: string, element: unknown) => registry.set(name, element),
    },
    document: { createElement: () => new FakeElement() },
    CSS: { escape: (value: string) => value },
  };
}
