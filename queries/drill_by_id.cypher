MATCH (drill:Drill {id: $id})
RETURN drill.record AS record
