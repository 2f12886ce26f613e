//! Every `depends_on` edge of the site, with its slip and whether it lies
//! on a cycle: the data of the dependency map.

use super::Planning;
use crate::content::{Library, PageId};
use crate::dates::Date;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

/// One `depends_on` edge with its dates: the dependent needs the provider
/// by its own start; the provider is late when it ends after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slip {
    /// The plan that depends on the other.
    pub dependent: PageId,
    pub provider: PageId,
    pub needed_by: Option<Date>,
    pub provider_ends: Option<Date>,
    pub late: bool,
}

/// The dates of the edge `dependent` → `provider`; a late one is also a
/// `dependency-late` finding.
pub fn slip(library: &Library, dependent: PageId, provider: PageId) -> Slip {
    let needed_by = library.page(dependent).fm.span().map(|s| s.start);
    let provider_ends = library.page(provider).fm.span().map(|s| s.end);
    Slip {
        dependent,
        provider,
        needed_by,
        provider_ends,
        late: matches!((needed_by, provider_ends), (Some(n), Some(e)) if e > n),
    }
}

/// One edge of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub slip: Slip,
    /// Provider and dependent depend on each other through other plans.
    pub in_cycle: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DependencyGraph {
    /// Every plan with an edge, in page order.
    pub nodes: Vec<PageId>,
    pub edges: Vec<Edge>,
}

pub fn graph(library: &Library, planning: &Planning) -> DependencyGraph {
    let mut graph: DiGraph<PageId, ()> = DiGraph::new();
    let mut index: HashMap<PageId, NodeIndex> = HashMap::new();
    let mut node = |graph: &mut DiGraph<PageId, ()>, id: PageId| {
        *index.entry(id).or_insert_with(|| graph.add_node(id))
    };
    let mut slips = Vec::new();
    for dependent in library.page_ids() {
        for provider in &planning.depends_on[dependent.0 as usize] {
            let (from, to) = (node(&mut graph, *provider), node(&mut graph, dependent));
            graph.add_edge(from, to, ());
            slips.push(slip(library, dependent, *provider));
        }
    }
    let mut component = vec![usize::MAX; graph.node_count()];
    for (c, members) in tarjan_scc(&graph).iter().enumerate() {
        for m in members {
            component[m.index()] = c;
        }
    }
    let component_of = |id: PageId| index.get(&id).map(|n| component[n.index()]);
    let edges = slips
        .into_iter()
        .map(|slip| Edge {
            in_cycle: slip.dependent == slip.provider
                || component_of(slip.dependent) == component_of(slip.provider),
            slip,
        })
        .collect();
    let mut nodes: Vec<PageId> = graph.node_weights().copied().collect();
    nodes.sort();
    DependencyGraph { nodes, edges }
}
