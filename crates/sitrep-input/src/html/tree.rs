//! Iterative helpers over a `dom_query` tree. Nothing here recurses: pages
//! can nest thousands of elements deep, and the pipeline runs on rayon
//! threads with 2 MiB stacks.

use dom_query::{Document, LocalName, NodeData, NodeRef};

/// Callbacks for [`walk`].
pub(crate) trait Visitor {
    /// Called before a node's children; `false` skips them (and `leave`).
    fn enter(&mut self, node: NodeRef<'_>) -> bool;
    /// Called after the children of a node that `enter` accepted.
    fn leave(&mut self, _node: NodeRef<'_>) {}
}

/// Pre-order walk of `root` and its descendants, with an explicit cursor
/// (parent / sibling links) instead of recursion.
pub(crate) fn walk<V: Visitor>(root: NodeRef<'_>, v: &mut V) {
    let mut node = root;
    loop {
        let descend = v.enter(node);
        if descend && let Some(child) = node.first_child() {
            node = child;
            continue;
        }
        if descend {
            v.leave(node);
        }
        // Climb until a next sibling exists, closing the ancestors we pass.
        loop {
            if node.id == root.id {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    v.leave(node);
                }
                // Detached node: nothing above to return to.
                None => return,
            }
        }
    }
}

/// Local name of an element node (`None` for text, comments, ...).
pub(crate) fn tag(node: NodeRef<'_>) -> Option<LocalName> {
    node.query(|n| match &n.data {
        NodeData::Element(e) => Some(e.name.local.clone()),
        _ => None,
    })
    .flatten()
}

/// Concatenated text of all text nodes under `node`.
pub(crate) fn text_of(node: NodeRef<'_>) -> String {
    struct Collect(String);
    impl Visitor for Collect {
        fn enter(&mut self, n: NodeRef<'_>) -> bool {
            n.query(|t| {
                if let NodeData::Text { contents } = &t.data {
                    self.0.push_str(contents);
                }
            });
            true
        }
    }
    let mut c = Collect(String::new());
    walk(node, &mut c);
    c.0
}

/// Maximum element depth and element count of a document.
pub(crate) fn shape(doc: &Document) -> (usize, usize) {
    struct Shape {
        depth: usize,
        max: usize,
        elements: usize,
    }
    impl Visitor for Shape {
        fn enter(&mut self, n: NodeRef<'_>) -> bool {
            if n.is_element() {
                self.depth += 1;
                self.elements += 1;
                self.max = self.max.max(self.depth);
            }
            true
        }
        fn leave(&mut self, n: NodeRef<'_>) {
            if n.is_element() {
                self.depth -= 1;
            }
        }
    }
    let mut s = Shape {
        depth: 0,
        max: 0,
        elements: 0,
    };
    walk(doc.root(), &mut s);
    (s.max, s.elements)
}

/// First element whose `id` attribute is `id`, in document order.
pub(crate) fn find_by_id<'a>(doc: &'a Document, id: &str) -> Option<NodeRef<'a>> {
    let mut stack = vec![doc.root()];
    while let Some(n) = stack.pop() {
        if n.attr("id").is_some_and(|v| &*v == id) {
            return Some(n);
        }
        // Push children in reverse so they pop in document order.
        let mut child = n.last_child();
        while let Some(c) = child {
            if c.is_element() {
                stack.push(c);
            }
            child = c.prev_sibling();
        }
    }
    None
}
