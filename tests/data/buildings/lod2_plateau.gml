<?xml version="1.0" encoding="UTF-8"?>
<!-- Hand-written test file in the form of PLATEAU's CityGML 2.0 LOD2 buildings (EPSG:6697
     latitude, longitude, height; posList without srsDimension; lod2Solid by xlink to the
     boundedBy polygons). No real data: the shapes are drawn for the tests (see README.md). -->
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0"
    xmlns:bldg="http://www.opengis.net/citygml/building/2.0"
    xmlns:gen="http://www.opengis.net/citygml/generics/2.0"
    xmlns:gml="http://www.opengis.net/gml"
    xmlns:xlink="http://www.w3.org/1999/xlink">
  <gml:boundedBy>
    <gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3">
      <gml:lowerCorner>35.5074857623 139.7870355001 0.000</gml:lowerCorner>
      <gml:upperCorner>35.5076815661 139.7885762564 15.000</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <core:cityObjectMember>
    <bldg:Building gml:id="bldg-gable">
      <bldg:roofType codeSpace="../../codelists/Building_roofType.xml">1030</bldg:roofType>
      <bldg:measuredHeight uom="m">12.0</bldg:measuredHeight>
      <bldg:lod2Solid>
        <gml:Solid>
          <gml:exterior>
            <gml:CompositeSurface><gml:surfaceMember xlink:href="#poly-1"/><gml:surfaceMember xlink:href="#poly-2"/><gml:surfaceMember xlink:href="#poly-3"/><gml:surfaceMember xlink:href="#poly-4"/><gml:surfaceMember xlink:href="#poly-5"/><gml:surfaceMember xlink:href="#poly-6"/><gml:surfaceMember xlink:href="#poly-7"/></gml:CompositeSurface>
          </gml:exterior>
        </gml:Solid>
      </bldg:lod2Solid>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="roofsurface-1">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-1"><gml:exterior><gml:LinearRing><gml:posList>35.5074857623 139.7870355001 11.000 35.5074901959 139.7874764898 11.000 35.5075803425 139.7874751345 15.000 35.5075759089 139.7870341443 15.000 35.5074857623 139.7870355001 11.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="roofsurface-2">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-2"><gml:exterior><gml:LinearRing><gml:posList>35.5075759089 139.7870341443 15.000 35.5075803425 139.7874751345 15.000 35.5076704891 139.7874737792 11.000 35.5076660555 139.7870327885 11.000 35.5075759089 139.7870341443 15.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-3">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-3"><gml:exterior><gml:LinearRing><gml:posList>35.5074857623 139.7870355001 3.000 35.5074901959 139.7874764898 3.000 35.5074901959 139.7874764898 11.000 35.5074857623 139.7870355001 11.000 35.5074857623 139.7870355001 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-4">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-4"><gml:exterior><gml:LinearRing><gml:posList>35.5074901959 139.7874764898 3.000 35.5076704891 139.7874737792 3.000 35.5076704891 139.7874737792 11.000 35.5075803425 139.7874751345 15.000 35.5074901959 139.7874764898 11.000 35.5074901959 139.7874764898 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-5">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-5"><gml:exterior><gml:LinearRing><gml:posList>35.5076704891 139.7874737792 3.000 35.5076660555 139.7870327885 3.000 35.5076660555 139.7870327885 11.000 35.5076704891 139.7874737792 11.000 35.5076704891 139.7874737792 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-6">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-6"><gml:exterior><gml:LinearRing><gml:posList>35.5076660555 139.7870327885 3.000 35.5074857623 139.7870355001 3.000 35.5074857623 139.7870355001 11.000 35.5075759089 139.7870341443 15.000 35.5076660555 139.7870327885 11.000 35.5076660555 139.7870327885 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="groundsurface-7">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-7"><gml:exterior><gml:LinearRing><gml:posList>35.5074857623 139.7870355001 3.000 35.5076660555 139.7870327885 3.000 35.5076704891 139.7874737792 3.000 35.5074901959 139.7874764898 3.000 35.5074857623 139.7870355001 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
    </bldg:Building>
  </core:cityObjectMember>
  <core:cityObjectMember>
    <bldg:Building gml:id="bldg-parts">
      <bldg:measuredHeight uom="m">9.0</bldg:measuredHeight>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="part-shed">
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface><gml:surfaceMember xlink:href="#poly-8"/><gml:surfaceMember xlink:href="#poly-9"/><gml:surfaceMember xlink:href="#poly-10"/><gml:surfaceMember xlink:href="#poly-11"/><gml:surfaceMember xlink:href="#poly-12"/><gml:surfaceMember xlink:href="#poly-13"/></gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="roofsurface-8">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-8"><gml:exterior><gml:LinearRing><gml:posList>35.5074968433 139.7881379746 9.000 35.5074990582 139.7883584695 9.000 35.5076793515 139.7883557609 12.000 35.5076771365 139.7881352654 12.000 35.5074968433 139.7881379746 9.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-9">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-9"><gml:exterior><gml:LinearRing><gml:posList>35.5074968433 139.7881379746 3.000 35.5074990582 139.7883584695 3.000 35.5074990582 139.7883584695 9.000 35.5074968433 139.7881379746 9.000 35.5074968433 139.7881379746 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-10">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-10"><gml:exterior><gml:LinearRing><gml:posList>35.5074990582 139.7883584695 3.000 35.5076793515 139.7883557609 3.000 35.5076793515 139.7883557609 12.000 35.5074990582 139.7883584695 9.000 35.5074990582 139.7883584695 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-11">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-11"><gml:exterior><gml:LinearRing><gml:posList>35.5076793515 139.7883557609 3.000 35.5076771365 139.7881352654 3.000 35.5076771365 139.7881352654 12.000 35.5076793515 139.7883557609 12.000 35.5076793515 139.7883557609 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-12">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-12"><gml:exterior><gml:LinearRing><gml:posList>35.5076771365 139.7881352654 3.000 35.5074968433 139.7881379746 3.000 35.5074968433 139.7881379746 9.000 35.5076771365 139.7881352654 12.000 35.5076771365 139.7881352654 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="groundsurface-13">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-13"><gml:exterior><gml:LinearRing><gml:posList>35.5074968433 139.7881379746 3.000 35.5076771365 139.7881352654 3.000 35.5076793515 139.7883557609 3.000 35.5074990582 139.7883584695 3.000 35.5074968433 139.7881379746 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
      <bldg:consistsOfBuildingPart>
        <bldg:BuildingPart gml:id="part-flat">
          <bldg:lod2Solid>
            <gml:Solid>
              <gml:exterior>
                <gml:CompositeSurface><gml:surfaceMember xlink:href="#poly-14"/><gml:surfaceMember xlink:href="#poly-15"/><gml:surfaceMember xlink:href="#poly-16"/><gml:surfaceMember xlink:href="#poly-17"/><gml:surfaceMember xlink:href="#poly-18"/><gml:surfaceMember xlink:href="#poly-19"/></gml:CompositeSurface>
              </gml:exterior>
            </gml:Solid>
          </bldg:lod2Solid>
      <bldg:boundedBy>
        <bldg:RoofSurface gml:id="roofsurface-14">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-14"><gml:exterior><gml:LinearRing><gml:posList>35.5074990582 139.7883584695 8.000 35.5075012728 139.7885789645 8.000 35.5076815661 139.7885762564 8.000 35.5076793515 139.7883557609 8.000 35.5074990582 139.7883584695 8.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:RoofSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-15">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-15"><gml:exterior><gml:LinearRing><gml:posList>35.5074990582 139.7883584695 3.000 35.5075012728 139.7885789645 3.000 35.5075012728 139.7885789645 8.000 35.5074990582 139.7883584695 8.000 35.5074990582 139.7883584695 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-16">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-16"><gml:exterior><gml:LinearRing><gml:posList>35.5075012728 139.7885789645 3.000 35.5076815661 139.7885762564 3.000 35.5076815661 139.7885762564 8.000 35.5075012728 139.7885789645 8.000 35.5075012728 139.7885789645 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-17">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-17"><gml:exterior><gml:LinearRing><gml:posList>35.5076815661 139.7885762564 3.000 35.5076793515 139.7883557609 3.000 35.5076793515 139.7883557609 8.000 35.5076815661 139.7885762564 8.000 35.5076815661 139.7885762564 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:WallSurface gml:id="wallsurface-18">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-18"><gml:exterior><gml:LinearRing><gml:posList>35.5076793515 139.7883557609 3.000 35.5074990582 139.7883584695 3.000 35.5074990582 139.7883584695 8.000 35.5076793515 139.7883557609 8.000 35.5076793515 139.7883557609 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:WallSurface>
      </bldg:boundedBy>
      <bldg:boundedBy>
        <bldg:GroundSurface gml:id="groundsurface-19">
          <bldg:lod2MultiSurface>
            <gml:MultiSurface>
              <gml:surfaceMember><gml:Polygon gml:id="poly-19"><gml:exterior><gml:LinearRing><gml:posList>35.5074990582 139.7883584695 3.000 35.5076793515 139.7883557609 3.000 35.5076815661 139.7885762564 3.000 35.5075012728 139.7885789645 3.000 35.5074990582 139.7883584695 3.000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
            </gml:MultiSurface>
          </bldg:lod2MultiSurface>
        </bldg:GroundSurface>
      </bldg:boundedBy>
        </bldg:BuildingPart>
      </bldg:consistsOfBuildingPart>
    </bldg:Building>
  </core:cityObjectMember>
</core:CityModel>
